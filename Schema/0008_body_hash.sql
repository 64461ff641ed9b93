-- plinv schema, migration 0008: body.hash is plinv's body hash of the JSON (eight bytes a step, see Schema/README.md)
-- instead of its FNV-1a (one byte a step: 4 % of the CPU of a first collect, which hashes every new record).
-- Never edit this file once released: add a new numbered file instead.
--
-- The hash is a lookup key only (a match is confirmed by comparing the JSON), but a body whose hash is not the one
-- plinv computes is never found again: an unchanged record would be stored anew and start a new version. So every
-- stored body is rehashed here, with plinv_body_hash(json), a function that exists only inside plinv.
-- template_body.hash stays FNV-1a.
UPDATE body SET hash = plinv_body_hash(plinv_body(data));
