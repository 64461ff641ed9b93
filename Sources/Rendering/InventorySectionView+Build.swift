import Drift
import PrivateLinkModel

extension InventorySectionView {
    /// The inventory's counts and one table per resource kind, each list in canonical order.
    ///
    /// Endpoints and services that are deleted, being deleted or failed — AWS lists them for a while, but they are
    /// gone, and `changes` says so — are left out of the tables and counts and named in one sentence instead
    /// (the JSON inventory keeps every record as the API returned it).
    init(_ unsorted: Inventory, limits: ViewLimits, clip: (String) -> String) {
        var inventory = unsorted.sorted()
        let goneEndpoints = inventory.vpcEndpoints.filter { Lifecycle.isGone($0.record) }.map(\.vpcEndpointId)
        let goneServices = inventory.endpointServices.filter { Lifecycle.isGone($0.record) }.map(\.serviceId)
        inventory.vpcEndpoints.removeAll { Lifecycle.isGone($0.record) }
        inventory.endpointServices.removeAll { Lifecycle.isGone($0.record) }
        let gone = goneServices + goneEndpoints
        goneNote =
            gone.isEmpty
            ? nil
            : "Not shown: \(gone.count) deleted or failed resource\(gone.count == 1 ? "" : "s") AWS still lists "
                + "(\(gone.joined(separator: ", ")))."
        let kindCounts = inventory.counts
        counts = ResourceKind.allCases.map { InventoryCountView(kind: $0.title, count: kindCounts[$0] ?? 0) }
        total = inventory.resourceCount
        func table(_ kind: ResourceKind, _ columns: [String], _ rows: [[String]]) -> InventoryTableView {
            InventoryTableView(
                title: kind.title, count: rows.count,
                table: TableView(
                    columns: columns, rows: rows.map { $0.map(clip) }, limit: limits.rowsPerTable,
                    noun: kind.title.lowercased()))
        }
        tables = [
            table(
                .endpointService,
                [
                    "Service ID", "Service name", "Account / region", "State", "Acceptance required", "Load balancers",
                    "Private DNS", "Tags",
                ],
                inventory.endpointServices.map { service in
                    [
                        service.serviceId, service.serviceName, ValueText.scope(service.scope),
                        ValueText.orNone(service.serviceState), ValueText.yesNo(service.acceptanceRequired),
                        ValueText.list(
                            (service.networkLoadBalancerArns + service.gatewayLoadBalancerArns).map(Self.arnName)),
                        service.privateDnsName.map { "\($0) (\(service.privateDnsNameState ?? "no state"))" }
                            ?? ValueText.none,
                        ValueText.tags(service.tags),
                    ]
                }),
            table(
                .allowedPrincipal, ["Service ID", "Principal", "Principal type", "Account / region"],
                inventory.allowedPrincipals.map {
                    [$0.serviceId, $0.principal, ValueText.orNone($0.principalType), ValueText.scope($0.scope)]
                }),
            table(
                .connection, ["Service ID", "Endpoint", "Consumer account", "State", "Created", "Account / region"],
                inventory.connections.map {
                    [
                        $0.serviceId, $0.vpcEndpointId, $0.vpcEndpointOwner, $0.vpcEndpointState,
                        $0.creationTimestamp.map(ValueText.date) ?? ValueText.none, ValueText.scope($0.scope),
                    ]
                }),
            table(
                .vpcEndpoint,
                [
                    "Endpoint", "Type", "VPC", "Service name", "State", "Subnets", "Security groups", "Tags",
                    "Account / region",
                ],
                inventory.vpcEndpoints.map {
                    [
                        $0.vpcEndpointId, $0.vpcEndpointType, $0.vpcId, $0.serviceName, $0.state,
                        ValueText.list($0.subnetIds), ValueText.list($0.securityGroupIds), ValueText.tags($0.tags),
                        ValueText.scope($0.scope),
                    ]
                }),
            table(
                .securityGroup, ["Group", "Name", "VPC", "Ingress", "Tags", "Account / region"],
                inventory.securityGroups.map { group in
                    let ingress = group.ingress
                    return [
                        group.groupId, group.groupName, ValueText.orNone(group.vpcId),
                        ingress.isEmpty ? ValueText.none : ingress.map(ValueText.rule).joined(separator: "; "),
                        ValueText.tags(group.tags), ValueText.scope(group.scope),
                    ]
                }),
            table(
                .loadBalancer, ["Name", "Type", "Scheme", "State", "VPC", "Account / region"],
                inventory.loadBalancers.map {
                    [
                        $0.loadBalancerName, ValueText.orNone($0.type), ValueText.orNone($0.scheme),
                        ValueText.orNone($0.state), ValueText.orNone($0.vpcId), ValueText.scope($0.scope),
                    ]
                }),
        ]
    }

    /// The `name/id` end of a load balancer ARN (`…:loadbalancer/net/my-nlb/50dc…` → `my-nlb/50dc…`).
    private static func arnName(_ arn: String) -> String {
        let parts = arn.split(separator: "/")
        guard parts.count >= 3 else { return arn }
        return "\(parts[parts.count - 2])/\(parts[parts.count - 1])"
    }
}

extension ResourceKind {
    /// The plural heading reports use for this kind.
    var title: String {
        switch self {
        case .endpointService: "Endpoint services"
        case .allowedPrincipal: "Allowed principals"
        case .connection: "Connections"
        case .vpcEndpoint: "VPC endpoints"
        case .securityGroup: "Security groups"
        case .loadBalancer: "Load balancers"
        }
    }
}
