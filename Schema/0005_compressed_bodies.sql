-- plinv schema, migration 0005: bodies stored compressed (zstd, with a dictionary trained from the database's own
-- bodies), about a fifth of their canonical JSON. Never edit this file once released: add a new numbered file instead.
-- See Schema/README.md, "Compressed bodies".
--
-- The functions below exist only inside plinv (it registers them on every connection): plinv_body(data) returns the
-- canonical JSON of a stored body; plinv_compress(json, dictionary) and the aggregate plinv_train_dictionary(json)
-- are what plinv writes bodies with; plinv_dictionary_id(content) is the zstd id of a dictionary.

-- A zstd dictionary bodies are compressed with. Never changed or deleted: a body compressed with it needs it to be
-- read back. New bodies use the one trained for the most records.
CREATE TABLE body_dictionary (
    id INTEGER PRIMARY KEY,          -- the dictionary's zstd id (from its content), written in every frame using it
    created_at TEXT NOT NULL,        -- ISO 8601 UTC
    trained_for INTEGER NOT NULL,    -- records of the snapshot (here: bodies of the database) it was trained from
    content BLOB NOT NULL            -- the dictionary, as zstd's trainer wrote it
);

-- The views that read body.json: replaced below by the same views reading plinv_body(body.data). The views built
-- on them (services, principals, connections, endpoints, ..., stacks, stack_resources, stack_exports) name them,
-- not the table, so they stay as they are and return the same rows.
DROP VIEW snapshot_resources;
DROP VIEW snapshot_stack_items;

ALTER TABLE body ADD COLUMN data BLOB NOT NULL DEFAULT x'';

-- One dictionary trained from up to 4,000 bodies (in hash order: a sample spread over the whole history), when
-- there are at least 1,000; with fewer, bodies are compressed without a dictionary until a larger snapshot trains one.
INSERT INTO body_dictionary (id, created_at, trained_for, content)
SELECT plinv_dictionary_id(content), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT count(*) FROM body), content
FROM (SELECT plinv_train_dictionary(json) AS content FROM (SELECT json FROM body ORDER BY hash LIMIT 4000))
WHERE content IS NOT NULL;

UPDATE body SET data = plinv_compress(json, (SELECT max(id) FROM body_dictionary));

CREATE VIEW snapshot_resources AS
SELECT ss.snapshot_id, v.kind, sc.account, sc.region, v.resource_id, v.first_seen_at, plinv_body(b.data) AS json
FROM snapshot_scope AS ss
JOIN scope AS sc ON sc.id = ss.scope_id
JOIN resource_version AS v
    ON v.scope_id = ss.scope_id AND v.first_snapshot <= ss.snapshot_id AND v.last_snapshot >= ss.snapshot_id
JOIN body AS b ON b.id = v.body_id
WHERE ss.status = 'ok';

CREATE VIEW snapshot_stack_items AS
SELECT ss.snapshot_id, v.kind, sc.account, sc.region, v.item_id, v.first_seen_at, v.template_id,
    plinv_body(b.data) AS json
FROM snapshot_stack_scope AS ss
JOIN scope AS sc ON sc.id = ss.scope_id
JOIN stack_version AS v
    ON v.scope_id = ss.scope_id AND v.first_snapshot <= ss.snapshot_id AND v.last_snapshot >= ss.snapshot_id
JOIN body AS b ON b.id = v.body_id;

-- body is now (id, hash, data): data is a zstd frame of the canonical JSON whose hash is hash.
ALTER TABLE body DROP COLUMN json;
