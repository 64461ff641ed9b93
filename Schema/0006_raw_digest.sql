-- plinv schema, migration 0006: the digest of each resource version's record as the API sent it, so that a
-- collect carries an unchanged record forward without decoding, canonicalising or comparing it again.
-- Never edit this file once released: add a new numbered file instead. See Schema/README.md.

-- raw_digest: 16 bytes, the start of a SHA-256 over the record as received (its XML element's names and text,
-- after the decoding model's fingerprint), recorded by the collect that stored or last confirmed the version.
-- NULL for versions stored before 0006 or saved without one (they are compared by body, as before). A record
-- whose digest equals the one of its version ending at the scope's previous 'ok' snapshot has that version
-- extended as it is.
ALTER TABLE resource_version ADD COLUMN raw_digest BLOB;
