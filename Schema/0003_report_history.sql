-- plinv schema, migration 0003: what each report counted, so the next report of the same configuration knows
-- which problems are new, recurring or resolved, and the trend reads stored figures instead of re-auditing.
-- Never edit this file once released: add a new numbered file instead. See Schema/README.md.

-- One report of one snapshot: the problems it counted (after accepted risks), by severity, and each problem with
-- when it was first seen. report_key names the report (the configuration's `name`, else its path).
CREATE TABLE report_run (
    report_key TEXT NOT NULL,
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    generated_at TEXT NOT NULL,      -- ISO 8601 UTC
    critical INTEGER NOT NULL,
    high INTEGER NOT NULL,
    medium INTEGER NOT NULL,
    low INTEGER NOT NULL,
    info INTEGER NOT NULL,
    suppressed INTEGER NOT NULL,     -- problems under an accepted risk in force, not counted above
    problems TEXT NOT NULL,          -- JSON array: {id, severity, title, resourceType, resourceId, principal,
                                     --              account, region, topic, firstSeen}
    PRIMARY KEY (report_key, snapshot_id)
) WITHOUT ROWID;

-- Each problem of each report, one row per problem.
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
FROM report_run AS r, json_each(r.problems) AS p;
