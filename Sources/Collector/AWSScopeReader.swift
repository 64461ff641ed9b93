import AWSQuery
import Logging
import PrivateLinkModel

/// Reads one account × region from the EC2 and ELBv2 Query APIs with the fewest calls the APIs allow.
///
/// Per scope: one paged listing each of service configurations, endpoints, connections (only when we own a
/// service) and load balancers; one paged permissions listing per owned service; security groups by
/// `group-id` filter (so they draw on the larger throttling bucket), 200 ids per call. Independent calls run
/// concurrently; permission listings run at most `permissionConcurrency` at a time. With `stacks` enabled, the
/// scope's CloudFormation stacks are read alongside (`StackReader`), and a scope whose stacks cannot be read fails.
public struct AWSScopeReader: ScopeReading {
    /// Builds a client for a service in a region (credentials, endpoint, retry and rate limit already set).
    public typealias ClientFactory = @Sendable (AWSService, _ region: String) throws -> QueryClient

    private let makeClient: ClientFactory
    private let permissionConcurrency: Int
    /// Whether and which stacks to read.
    public let stacks: StackReadOptions

    public init(
        permissionConcurrency: Int = 8, stacks: StackReadOptions = .disabled, makeClient: @escaping ClientFactory
    ) {
        self.makeClient = makeClient
        self.permissionConcurrency = max(1, permissionConcurrency)
        self.stacks = stacks
    }

    public func readScope(_ scope: Scope, logger: Logger) async throws -> ScopeReadResult {
        guard stacks.enabled else { return ScopeReadResult(inventory: try await read(scope, logger: logger)) }
        let cloudFormation = try makeClient(.cloudFormation, scope.region)
        async let stacksRead = StackReader(options: stacks).read(scope, client: cloudFormation, logger: logger)
        let inventory = try await read(scope, logger: logger)
        return ScopeReadResult(inventory: inventory, stacks: try await stacksRead)
    }

    public func read(_ scope: Scope, logger: Logger) async throws -> Inventory {
        let ec2 = try makeClient(.ec2, scope.region)
        let elb = try makeClient(.elbv2, scope.region)
        async let servicesRead = Self.list(EndpointService.self, ec2, scope, logger: logger)
        async let endpointsRead = Self.list(VPCEndpoint.self, ec2, scope, logger: logger)
        async let loadBalancersRead = Self.list(LoadBalancer.self, elb, scope, logger: logger)

        let services = try await servicesRead
        async let connectionsRead: [EndpointConnection] =
            services.isEmpty ? [] : Self.list(EndpointConnection.self, ec2, scope, logger: logger)
        async let principalsRead = principals(of: services, ec2, scope, logger: logger)

        let endpoints = try await endpointsRead
        let groupIds = Set(endpoints.flatMap(\.securityGroupIds)).sorted()
        let securityGroups = try await Self.securityGroups(groupIds, ec2, scope, logger: logger)

        let serviceBalancers = Set(services.flatMap { $0.networkLoadBalancerArns + $0.gatewayLoadBalancerArns })
        let loadBalancers = try await loadBalancersRead.filter {
            serviceBalancers.contains($0.loadBalancerArn) || ["network", "gateway"].contains($0.type ?? "")
        }
        return Inventory(
            endpointServices: services,
            allowedPrincipals: try await principalsRead,
            connections: Self.unique(try await connectionsRead),
            vpcEndpoints: endpoints,
            securityGroups: securityGroups,
            loadBalancers: loadBalancers
        ).sorted()
    }

    /// Every page of a resource kind's listing call, decoded into model values.
    static func list<Resource: InventoryResource>(
        _ type: Resource.Type, _ client: QueryClient, _ scope: Scope,
        parameters: [(String, String)] = [], logger: Logger
    ) async throws -> [Resource] {
        let action = Resource.kind.listingOperation.name
        var resources: [Resource] = []
        for try await page in client.pages(action, parameters, maxResults: nil, logger: logger) {
            resources += try ShapeDecoder.decodeResources(type, scope: scope, root: page).resources
        }
        return resources
    }

    /// The allowed principals of every service, each record carrying its `ServiceId`.
    private func principals(
        of services: [EndpointService], _ client: QueryClient, _ scope: Scope, logger: Logger
    ) async throws -> [AllowedPrincipal] {
        let ids = services.map(\.serviceId)
        var all: [AllowedPrincipal] = []
        try await withThrowingTaskGroup(of: [AllowedPrincipal].self) { group in
            var pending = ids.makeIterator()
            func startNext() {
                guard let serviceId = pending.next() else { return }
                group.addTask {
                    let listed = try await Self.list(
                        AllowedPrincipal.self, client, scope, parameters: [("ServiceId", serviceId)], logger: logger)
                    return listed.map { Self.withServiceId($0, serviceId) }
                }
            }
            for _ in 0..<permissionConcurrency { startNext() }
            while let batch = try await group.next() {
                all += batch
                startNext()
            }
        }
        return all
    }

    /// Adds `ServiceId` to a permission record that lacks it (the API may leave it out).
    private static func withServiceId(_ principal: AllowedPrincipal, _ serviceId: String) -> AllowedPrincipal {
        guard principal.raw["ServiceId"] == nil, case .object(var members) = principal.raw else { return principal }
        members["ServiceId"] = .string(serviceId)
        return AllowedPrincipal(scope: principal.scope, raw: .object(members))
    }

    /// The security groups with these ids, read through the `group-id` filter in chunks of 200 values.
    private static func securityGroups(
        _ ids: [String], _ client: QueryClient, _ scope: Scope, logger: Logger
    ) async throws -> [SecurityGroup] {
        var groups: [SecurityGroup] = []
        for start in stride(from: 0, to: ids.count, by: 200) {
            let chunk = ids[start..<min(start + 200, ids.count)]
            var parameters = [("Filter.1.Name", "group-id")]
            for (index, id) in chunk.enumerated() { parameters.append(("Filter.1.Value.\(index + 1)", id)) }
            groups += try await list(SecurityGroup.self, client, scope, parameters: parameters, logger: logger)
        }
        return groups
    }

    /// Connections listed once each (a repeated page must not double them).
    private static func unique(_ connections: [EndpointConnection]) -> [EndpointConnection] {
        var seen = Set<String>()
        return connections.filter { seen.insert($0.resourceId).inserted }
    }
}
