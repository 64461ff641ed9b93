-- plinv schema, migration 0002: deployed CloudFormation stacks and exports per snapshot, and a who_can_connect
-- that agrees with the audit. Never edit this file once released: add a new numbered file instead.

-- The scopes whose stacks were read in each snapshot (`collect --stacks`). A scope without a row here says
-- nothing about its stacks in that snapshot; a row with no stacks means the scope had none.
CREATE TABLE snapshot_stack_scope (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    scope_id INTEGER NOT NULL REFERENCES scope(id),
    PRIMARY KEY (snapshot_id, scope_id)
) WITHOUT ROWID;
CREATE INDEX snapshot_stack_scope_by_scope ON snapshot_stack_scope(scope_id, snapshot_id);

-- A processed template body stored once, however many stacks and snapshots use it.
-- hash is a 64-bit FNV-1a of text, for lookup only: equal text is always confirmed by comparing text.
CREATE TABLE template_body (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX template_body_by_hash ON template_body(hash);

-- One state of one stack (kind 'stack', item_id its StackId) or export (kind 'export', item_id its Name), valid
-- from first_snapshot to last_snapshot inclusive, exactly as resource_version but observed through
-- snapshot_stack_scope. A stack's body is {"Stack": the DescribeStacks record, "Resources": [ListStackResources
-- summaries sorted by logical id]}; an export's is the ListExports record. An unchanged stack only moves
-- last_snapshot forward.
CREATE TABLE stack_version (
    scope_id INTEGER NOT NULL REFERENCES scope(id),
    kind TEXT NOT NULL CHECK (kind IN ('stack', 'export')),
    item_id TEXT NOT NULL,
    first_snapshot INTEGER NOT NULL,
    last_snapshot INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,
    body_id INTEGER NOT NULL REFERENCES body(id),
    template_id INTEGER REFERENCES template_body(id),   -- NULL for exports and for templates not read
    PRIMARY KEY (scope_id, kind, item_id, first_snapshot),
    CHECK (first_snapshot <= last_snapshot)
) WITHOUT ROWID;

-- Every stack and export of every snapshot that read stacks.
CREATE VIEW snapshot_stack_items AS
SELECT ss.snapshot_id, v.kind, sc.account, sc.region, v.item_id, v.first_seen_at, v.template_id, b.json
FROM snapshot_stack_scope AS ss
JOIN scope AS sc ON sc.id = ss.scope_id
JOIN stack_version AS v
    ON v.scope_id = ss.scope_id AND v.first_snapshot <= ss.snapshot_id AND v.last_snapshot >= ss.snapshot_id
JOIN body AS b ON b.id = v.body_id;

-- Deployed stacks; parameters and outputs are JSON arrays in the AWS shape (NoEcho values are '****').
CREATE VIEW stacks AS
SELECT snapshot_id, account, region,
    json_extract(json, '$.Stack.StackName') AS stack_name,
    item_id AS stack_id,
    json_extract(json, '$.Stack.StackStatus') AS stack_status,
    json_extract(json, '$.Stack.CreationTime') AS creation_time,
    json_extract(json, '$.Stack.LastUpdatedTime') AS last_updated_time,
    json_extract(json, '$.Stack.Parameters') AS parameters,
    json_extract(json, '$.Stack.Outputs') AS outputs,
    json_array_length(json, '$.Resources') AS resource_count,
    (SELECT t.text FROM template_body AS t WHERE t.id = i.template_id) AS template_body,
    json_extract(json, '$.Stack') AS json
FROM snapshot_stack_items AS i WHERE kind = 'stack';

-- The resources of deployed stacks: which live resource each template declaration is.
CREATE VIEW stack_resources AS
SELECT i.snapshot_id, i.account, i.region,
    json_extract(i.json, '$.Stack.StackName') AS stack_name,
    i.item_id AS stack_id,
    json_extract(r.value, '$.LogicalResourceId') AS logical_id,
    json_extract(r.value, '$.PhysicalResourceId') AS physical_id,
    json_extract(r.value, '$.ResourceType') AS resource_type,
    json_extract(r.value, '$.ResourceStatus') AS resource_status,
    r.value AS json
FROM snapshot_stack_items AS i, json_each(i.json, '$.Resources') AS r
WHERE i.kind = 'stack';

-- Exported stack outputs: what Fn::ImportValue resolves to in each scope.
CREATE VIEW stack_exports AS
SELECT snapshot_id, account, region,
    item_id AS name,
    json_extract(json, '$.Value') AS value,
    json_extract(json, '$.ExportingStackId') AS exporting_stack_id,
    json
FROM snapshot_stack_items WHERE kind = 'export';

-- who_can_connect and principals from 0001 took the management account of an organization ARN as the
-- principal's account, and left connections from the owner's own account or an organization's members
-- without a principal. They are replaced by views that classify principals as the audit does.
DROP VIEW who_can_connect;
DROP VIEW principals;

-- Principals allowed to connect to our services. principal_kind: everyone, account, role, user, assumedRole,
-- service, organization, organizationalUnit or unknown; principal_account is the account an account, role,
-- user or assumed-role principal belongs to (never the management account in an organizations ARN).
CREATE VIEW principals AS
SELECT snapshot_id, account, region, service_id, principal, principal_type,
    CASE WHEN principal_kind IN ('account', 'role', 'user', 'assumedRole') THEN
        CASE WHEN principal_kind = 'account' AND arn_account IS NULL THEN bare ELSE arn_account END
    END AS principal_account,
    principal_kind,
    json
FROM (
    SELECT *,
        CASE
            WHEN bare = '*' THEN 'everyone'
            WHEN bare GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN 'account'
            WHEN arn_service = 'iam' AND arn_account_is_id AND arn_resource = 'root' THEN 'account'
            WHEN arn_service = 'iam' AND arn_account_is_id AND arn_resource GLOB 'role/*' THEN 'role'
            WHEN arn_service = 'iam' AND arn_account_is_id AND arn_resource GLOB 'user/*' THEN 'user'
            WHEN arn_service = 'sts' AND arn_account_is_id AND arn_resource GLOB 'assumed-role/*' THEN 'assumedRole'
            WHEN arn_service = 'organizations' AND arn_resource GLOB 'organization/o-*'
                AND instr(substr(arn_resource, 14), '/') = 0 THEN 'organization'
            WHEN arn_service = 'organizations' AND arn_resource GLOB 'ou/o-*/ou-*'
                AND arn_resource NOT GLOB 'ou/*/*/*' THEN 'organizationalUnit'
            WHEN instr(bare, ':') = 0 AND instr(bare, '/') = 0 AND instr(bare, '.') > 0 THEN 'service'
            ELSE 'unknown'
        END AS principal_kind
    FROM (
        -- arn:partition:service:region:account:resource, split once per colon (the resource may hold more).
        SELECT *,
            CASE WHEN arn_rest4 IS NOT NULL AND instr(arn_rest4, ':') > 0 THEN
                substr(arn_rest4, 1, instr(arn_rest4, ':') - 1) END AS arn_account,
            CASE WHEN arn_rest4 IS NOT NULL AND instr(arn_rest4, ':') > 0 THEN
                substr(arn_rest4, instr(arn_rest4, ':') + 1) END AS arn_resource,
            (arn_rest4 IS NOT NULL AND instr(arn_rest4, ':') = 13 AND substr(arn_rest4, 1, 12)
                GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]') AS arn_account_is_id
        FROM (
            SELECT *,
                CASE WHEN instr(arn_rest3, ':') > 0 THEN substr(arn_rest3, instr(arn_rest3, ':') + 1) END AS arn_rest4
            FROM (
                SELECT *,
                    CASE WHEN instr(arn_rest2, ':') > 0 THEN substr(arn_rest2, 1, instr(arn_rest2, ':') - 1) END
                        AS arn_service,
                    CASE WHEN instr(arn_rest2, ':') > 0 THEN substr(arn_rest2, instr(arn_rest2, ':') + 1) END
                        AS arn_rest3
                FROM (
                    SELECT *,
                        CASE WHEN bare GLOB 'arn:*' AND instr(substr(bare, 5), ':') > 0 THEN
                            substr(substr(bare, 5), instr(substr(bare, 5), ':') + 1) END AS arn_rest2
                    FROM (
                        SELECT snapshot_id, account, region, json,
                            json_extract(json, '$.ServiceId') AS service_id,
                            json_extract(json, '$.Principal') AS principal,
                            json_extract(json, '$.PrincipalType') AS principal_type,
                            trim(json_extract(json, '$.Principal'), ' ' || char(9)) AS bare
                        FROM snapshot_resources WHERE kind = 'allowedPrincipal'
                    )
                )
            )
        )
    )
);

-- Who can connect to each service we own, as the audit sees it:
--  * one row per allowed principal, repeated for each connection from the account it names (account, role,
--    user and assumed-role principals); connection columns NULL when there is none;
--  * one row per other connection, with what allows it: the owner's own account (principal = the owner
--    account, principal_type 'Owner'), else '*', else an organization or OU principal (membership cannot be
--    seen offline, so it is taken to cover the consumer), else NULL: nothing allows that account any more;
--  * one row with NULL principal and connection for a service that allows nobody and has no connection.
CREATE VIEW who_can_connect AS
SELECT s.snapshot_id, s.account, s.region, s.service_id, s.service_name, s.acceptance_required,
    p.principal, p.principal_type, c.vpc_endpoint_owner AS consumer_account,
    c.vpc_endpoint_id, c.vpc_endpoint_state
FROM services AS s
JOIN principals AS p
    ON p.snapshot_id = s.snapshot_id AND p.account = s.account AND p.region = s.region
    AND p.service_id = s.service_id
LEFT JOIN connections AS c
    ON c.snapshot_id = s.snapshot_id AND c.account = s.account AND c.region = s.region
    AND c.service_id = s.service_id AND c.vpc_endpoint_owner = p.principal_account
UNION ALL
SELECT s.snapshot_id, s.account, s.region, s.service_id, s.service_name, s.acceptance_required,
    CASE WHEN c.vpc_endpoint_owner = s.account THEN s.account ELSE cover.principal END,
    CASE WHEN c.vpc_endpoint_owner = s.account THEN 'Owner' ELSE cover.principal_type END,
    c.vpc_endpoint_owner, c.vpc_endpoint_id, c.vpc_endpoint_state
FROM services AS s
JOIN connections AS c
    ON c.snapshot_id = s.snapshot_id AND c.account = s.account AND c.region = s.region
    AND c.service_id = s.service_id
LEFT JOIN principals AS cover
    ON cover.snapshot_id = s.snapshot_id AND cover.account = s.account AND cover.region = s.region
    AND cover.service_id = s.service_id
    AND cover.principal = (
        SELECT q.principal FROM principals AS q
        WHERE q.snapshot_id = s.snapshot_id AND q.account = s.account AND q.region = s.region
            AND q.service_id = s.service_id
            AND q.principal_kind IN ('everyone', 'organization', 'organizationalUnit')
        ORDER BY q.principal_kind <> 'everyone', q.principal LIMIT 1)
WHERE NOT EXISTS (
    SELECT 1 FROM principals AS p
    WHERE p.snapshot_id = s.snapshot_id AND p.account = s.account AND p.region = s.region
        AND p.service_id = s.service_id AND p.principal_account = c.vpc_endpoint_owner)
UNION ALL
SELECT s.snapshot_id, s.account, s.region, s.service_id, s.service_name, s.acceptance_required,
    NULL, NULL, NULL, NULL, NULL
FROM services AS s
WHERE NOT EXISTS (
    SELECT 1 FROM principals AS p
    WHERE p.snapshot_id = s.snapshot_id AND p.account = s.account AND p.region = s.region
        AND p.service_id = s.service_id)
  AND NOT EXISTS (
    SELECT 1 FROM connections AS c
    WHERE c.snapshot_id = s.snapshot_id AND c.account = s.account AND c.region = s.region
        AND c.service_id = s.service_id);
