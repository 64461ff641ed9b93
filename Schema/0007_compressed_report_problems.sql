-- plinv schema, migration 0007: a report's problems are stored compressed, as resource records are (0005). Every
-- nightly report keeps its problems for the next one: at 80,000 problems that was 50 MB of JSON text a night, more
-- than the snapshot it reported on; one zstd frame of the same text is about 14 times smaller.
-- Never edit this file once released: add a new numbered file instead. See Schema/README.md.

-- The view reads the problems as text: dropped here, created again below through plinv_body.
DROP VIEW report_problems;

-- problems: now one zstd frame (no dictionary) of the JSON array described in 0003, a BLOB in the column 0003
-- declared TEXT (SQLite keeps a BLOB as it is in a TEXT column); read it with plinv_body(problems). Converted in
-- place rather than into a new column: ALTER TABLE … DROP/RENAME COLUMN re-parses the whole schema, a cost every
-- new database would pay for a conversion that only old ones need.
UPDATE report_run SET problems = plinv_compress(problems, NULL);

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
