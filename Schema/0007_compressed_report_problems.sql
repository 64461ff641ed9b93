-- plinv schema, migration 0007: a report's problems are stored compressed, as resource records are (0005). Every
-- nightly report keeps its problems for the next one: at 80,000 problems that was 50 MB of JSON text a night, more
-- than the snapshot it reported on; one zstd frame of the same text is about 14 times smaller.
-- Never edit this file once released: add a new numbered file instead. See Schema/README.md.

-- The view reads the column being replaced: dropped here, created again below over the compressed column.
DROP VIEW report_problems;

-- problems: one zstd frame (no dictionary) of the JSON array described in 0003; read it with plinv_body(problems).
ALTER TABLE report_run ADD COLUMN problems_frame BLOB NOT NULL DEFAULT x'';
UPDATE report_run SET problems_frame = plinv_compress(problems, NULL);
ALTER TABLE report_run DROP COLUMN problems;
ALTER TABLE report_run RENAME COLUMN problems_frame TO problems;

-- Each problem of each report, one row per problem (as in 0003, through plinv_body).
CREATE VIEW report_problems AS
SELECT r.report_key, r.snapshot_id, r.generated_at,
    json_extract(p.value, '$.id') AS problem_id,
    json_extract(p.value, '$.severity') AS severity,
    json_extract(p.value, '$.title') AS title,
    json_extract(p.value, '$.account') AS account,
    json_extract(p.value, '$.region') AS region,
    json_extract(p.value, '$.resourceType') AS resource_type,
    json_extract(p.value, '$.resourceId') AS resource_id,
    json_extract(p.value, '$.principal') AS principal,
    json_extract(p.value, '$.firstSeen') AS first_seen
FROM report_run AS r, json_each(plinv_body(r.problems)) AS p;
