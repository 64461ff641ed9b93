-- Generated: the schema the migrations 0001_initial to 0008_body_hash leave in a new database.
-- Never edit it: Schema/README.md says how it is made again.
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
CREATE TABLE snapshot (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    taken_at TEXT NOT NULL,          -- ISO 8601 UTC with milliseconds, e.g. 2026-11-26T23:40:57.123Z
    taken_at_ref REAL NOT NULL,      -- the exact time, seconds since 2001-01-01Z (lossless round trip)
    status TEXT NOT NULL CHECK (status IN ('complete', 'partial')),
    label TEXT
);
CREATE TABLE scope (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    UNIQUE (account, region)
);
CREATE TABLE snapshot_scope (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    scope_id INTEGER NOT NULL REFERENCES scope(id),
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT,
    PRIMARY KEY (snapshot_id, scope_id)
) WITHOUT ROWID;
CREATE INDEX snapshot_scope_by_scope ON snapshot_scope(scope_id, status, snapshot_id);
CREATE TABLE snapshot_count (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    resources INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, kind)
) WITHOUT ROWID;
CREATE TABLE body (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    data BLOB NOT NULL DEFAULT x'');
CREATE INDEX body_by_hash ON body(hash);
CREATE TABLE resource_version (
    scope_id INTEGER NOT NULL REFERENCES scope(id),
    kind TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    first_snapshot INTEGER NOT NULL,
    last_snapshot INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,     -- taken_at of first_snapshot (survives pruning of that snapshot)
    body_id INTEGER NOT NULL REFERENCES body(id), raw_digest BLOB,
    PRIMARY KEY (scope_id, kind, resource_id, first_snapshot),
    CHECK (first_snapshot <= last_snapshot)
) WITHOUT ROWID;
CREATE VIEW services AS
SELECT snapshot_id, account, region,
    json_extract(json, '$.ServiceId') AS service_id,
    json_extract(json, '$.ServiceName') AS service_name,
    json_extract(json, '$.ServiceState') AS service_state,
    json_extract(json, '$.AcceptanceRequired') AS acceptance_required,
    json_extract(json, '$.ManagesVpcEndpoints') AS manages_vpc_endpoints,
    json_extract(json, '$.PrivateDnsName') AS private_dns_name,
    json_extract(json, '$.PrivateDnsNameConfiguration.State') AS private_dns_state,
    json_extract(json, '$.NetworkLoadBalancerArns') AS network_load_balancer_arns,
    json_extract(json, '$.GatewayLoadBalancerArns') AS gateway_load_balancer_arns,
    json
FROM snapshot_resources WHERE kind = 'endpointService';
CREATE VIEW connections AS
SELECT snapshot_id, account, region,
    json_extract(json, '$.ServiceId') AS service_id,
    json_extract(json, '$.VpcEndpointId') AS vpc_endpoint_id,
    json_extract(json, '$.VpcEndpointOwner') AS vpc_endpoint_owner,
    json_extract(json, '$.VpcEndpointState') AS vpc_endpoint_state,
    json_extract(json, '$.CreationTimestamp') AS creation_timestamp,
    json
FROM snapshot_resources WHERE kind = 'connection';
CREATE VIEW endpoints AS
SELECT snapshot_id, account, region,
    json_extract(json, '$.VpcEndpointId') AS vpc_endpoint_id,
    json_extract(json, '$.VpcEndpointType') AS vpc_endpoint_type,
    json_extract(json, '$.VpcId') AS vpc_id,
    json_extract(json, '$.ServiceName') AS service_name,
    json_extract(json, '$.State') AS state,
    json_extract(json, '$.PrivateDnsEnabled') AS private_dns_enabled,
    json_extract(json, '$.OwnerId') AS owner_id,
    json_extract(json, '$.SubnetIds') AS subnet_ids,
    json_extract(json, '$.RouteTableIds') AS route_table_ids,
    (SELECT json_group_array(json_extract(g.value, '$.GroupId')) FROM json_each(r.json, '$.Groups') AS g)
        AS security_group_ids,
    json_extract(json, '$.PolicyDocument') AS policy_document,
    json_extract(json, '$.CreationTimestamp') AS creation_timestamp,
    json
FROM snapshot_resources AS r WHERE kind = 'vpcEndpoint';
CREATE VIEW security_groups AS
SELECT snapshot_id, account, region,
    json_extract(json, '$.GroupId') AS group_id,
    json_extract(json, '$.GroupName') AS group_name,
    json_extract(json, '$.VpcId') AS vpc_id,
    json_extract(json, '$.IpPermissions') AS ingress,
    json_extract(json, '$.IpPermissionsEgress') AS egress,
    json
FROM snapshot_resources WHERE kind = 'securityGroup';
CREATE VIEW load_balancers AS
SELECT snapshot_id, account, region,
    json_extract(json, '$.LoadBalancerArn') AS load_balancer_arn,
    json_extract(json, '$.LoadBalancerName') AS load_balancer_name,
    json_extract(json, '$.Type') AS type,
    json_extract(json, '$.Scheme') AS scheme,
    json_extract(json, '$.State.Code') AS state,
    json_extract(json, '$.VpcId') AS vpc_id,
    json
FROM snapshot_resources WHERE kind = 'loadBalancer';
CREATE TABLE snapshot_stack_scope (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    scope_id INTEGER NOT NULL REFERENCES scope(id),
    PRIMARY KEY (snapshot_id, scope_id)
) WITHOUT ROWID;
CREATE INDEX snapshot_stack_scope_by_scope ON snapshot_stack_scope(scope_id, snapshot_id);
CREATE TABLE template_body (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX template_body_by_hash ON template_body(hash);
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
CREATE VIEW stack_exports AS
SELECT snapshot_id, account, region,
    item_id AS name,
    json_extract(json, '$.Value') AS value,
    json_extract(json, '$.ExportingStackId') AS exporting_stack_id,
    json
FROM snapshot_stack_items WHERE kind = 'export';
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
CREATE TABLE snapshot_organization (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL,   -- o-…
    management_account TEXT NOT NULL
);
CREATE TABLE snapshot_organization_account (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot_organization(snapshot_id) ON DELETE CASCADE,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,            -- ACTIVE, SUSPENDED, PENDING_CLOSURE, …
    parent TEXT,                     -- the ou-/r- id it was listed under; NULL when listed with ListAccounts
    PRIMARY KEY (snapshot_id, account)
) WITHOUT ROWID;
CREATE TABLE body_dictionary (
    id INTEGER PRIMARY KEY,          -- the dictionary's zstd id (from its content), written in every frame using it
    created_at TEXT NOT NULL,        -- ISO 8601 UTC
    trained_for INTEGER NOT NULL,    -- records of the snapshot (here: bodies of the database) it was trained from
    content BLOB NOT NULL            -- the dictionary, as zstd's trainer wrote it
);
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
