-- plinv schema, migration 0001: snapshots, scopes, deduplicated resource history, user-facing views.
-- Never edit this file once released: add a new numbered file instead. See Schema/README.md.

-- One collection run. Ids only grow (AUTOINCREMENT): resource versions use them as a timeline.
CREATE TABLE snapshot (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    taken_at TEXT NOT NULL,          -- ISO 8601 UTC with milliseconds, e.g. 2026-11-26T23:40:57.123Z
    taken_at_ref REAL NOT NULL,      -- the exact time, seconds since 2001-01-01Z (lossless round trip)
    status TEXT NOT NULL CHECK (status IN ('complete', 'partial')),
    label TEXT
);

-- One AWS account in one region.
CREATE TABLE scope (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    UNIQUE (account, region)
);

-- How each scope went in each snapshot. Only 'ok' scopes were observed in that snapshot.
CREATE TABLE snapshot_scope (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    scope_id INTEGER NOT NULL REFERENCES scope(id),
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT,
    PRIMARY KEY (snapshot_id, scope_id)
) WITHOUT ROWID;
CREATE INDEX snapshot_scope_by_scope ON snapshot_scope(scope_id, status, snapshot_id);

-- The number of resources of each kind in each snapshot (for listings and trends without a scan).
CREATE TABLE snapshot_count (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    resources INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, kind)
) WITHOUT ROWID;

-- A resource record stored once: canonical JSON (sorted keys, compact) of the raw AWS record.
-- hash is a 64-bit FNV-1a of json, for lookup only: equal json is always confirmed by comparing json.
CREATE TABLE body (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX body_by_hash ON body(hash);

-- One state of one resource, valid from first_snapshot to last_snapshot (inclusive). The resource is
-- in snapshot S when first_snapshot <= S <= last_snapshot AND its scope was 'ok' in S. An unchanged
-- resource only moves last_snapshot forward; a change or a reappearance starts a new version.
CREATE TABLE resource_version (
    scope_id INTEGER NOT NULL REFERENCES scope(id),
    kind TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    first_snapshot INTEGER NOT NULL,
    last_snapshot INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,     -- taken_at of first_snapshot (survives pruning of that snapshot)
    body_id INTEGER NOT NULL REFERENCES body(id),
    PRIMARY KEY (scope_id, kind, resource_id, first_snapshot),
    CHECK (first_snapshot <= last_snapshot)
) WITHOUT ROWID;

-- Every resource of every snapshot: (snapshot, kind, scope, id) with its record.
CREATE VIEW snapshot_resources AS
SELECT ss.snapshot_id, v.kind, sc.account, sc.region, v.resource_id, v.first_seen_at, b.json
FROM snapshot_scope AS ss
JOIN scope AS sc ON sc.id = ss.scope_id
JOIN resource_version AS v
    ON v.scope_id = ss.scope_id AND v.first_snapshot <= ss.snapshot_id AND v.last_snapshot >= ss.snapshot_id
JOIN body AS b ON b.id = v.body_id
WHERE ss.status = 'ok';

-- Endpoint services we own.
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

-- Principals allowed to connect to our services; principal_account is the account of an ARN principal.
CREATE VIEW principals AS
SELECT snapshot_id, account, region, service_id, principal, principal_type,
    CASE
        WHEN principal GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN principal
        WHEN principal LIKE 'arn:%::%:%' THEN
            substr(principal, instr(principal, '::') + 2,
                   instr(substr(principal, instr(principal, '::') + 2), ':') - 1)
    END AS principal_account,
    json
FROM (
    SELECT snapshot_id, account, region, json,
        json_extract(json, '$.ServiceId') AS service_id,
        json_extract(json, '$.Principal') AS principal,
        json_extract(json, '$.PrincipalType') AS principal_type
    FROM snapshot_resources WHERE kind = 'allowedPrincipal'
);

-- Consumers' endpoints connected (or asking to connect) to our services.
CREATE VIEW connections AS
SELECT snapshot_id, account, region,
    json_extract(json, '$.ServiceId') AS service_id,
    json_extract(json, '$.VpcEndpointId') AS vpc_endpoint_id,
    json_extract(json, '$.VpcEndpointOwner') AS vpc_endpoint_owner,
    json_extract(json, '$.VpcEndpointState') AS vpc_endpoint_state,
    json_extract(json, '$.CreationTimestamp') AS creation_timestamp,
    json
FROM snapshot_resources WHERE kind = 'connection';

-- VPC endpoints of every type; list columns are JSON arrays.
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

-- Security groups attached to endpoints; rule lists are JSON arrays in the AWS shape.
CREATE VIEW security_groups AS
SELECT snapshot_id, account, region,
    json_extract(json, '$.GroupId') AS group_id,
    json_extract(json, '$.GroupName') AS group_name,
    json_extract(json, '$.VpcId') AS vpc_id,
    json_extract(json, '$.IpPermissions') AS ingress,
    json_extract(json, '$.IpPermissionsEgress') AS egress,
    json
FROM snapshot_resources WHERE kind = 'securityGroup';

-- Load balancers behind our services.
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

-- Who can connect to each service we own: one row per allowed principal with each connection from
-- that principal's account; one row per connection no principal names (principal '*' when the
-- service allows everyone, NULL when nothing allows it any more); one row for a service with neither.
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
    star.principal, star.principal_type, c.vpc_endpoint_owner, c.vpc_endpoint_id, c.vpc_endpoint_state
FROM services AS s
JOIN connections AS c
    ON c.snapshot_id = s.snapshot_id AND c.account = s.account AND c.region = s.region
    AND c.service_id = s.service_id
LEFT JOIN principals AS star
    ON star.snapshot_id = s.snapshot_id AND star.account = s.account AND star.region = s.region
    AND star.service_id = s.service_id AND star.principal = '*'
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
