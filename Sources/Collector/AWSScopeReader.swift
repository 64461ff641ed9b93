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
///
/// Each page is recorded as it arrives (``readScope(_:into:logger:)``): a record whose digest is unchanged since
/// the scope's previous snapshot is neither decoded nor encoded again, and no page outlives its processing.
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
        let recorder = InventoryRecorder(scope: scope)
        let recorded = try await readScope(scope, into: recorder, logger: logger)
        return ScopeReadResult(inventory: recorder.inventory(), stacks: recorded.stacks)
    }

    public func read(_ scope: Scope, logger: Logger) async throws -> Inventory {
        let recorder = InventoryRecorder(scope: scope)
        _ = try await record(scope, into: recorder, logger: logger)
        return recorder.inventory()
    }

    public func readScope<Recorder: ScopeRecorder>(_ scope: Scope, into recorder: Recorder, logger: Logger)
        async throws -> RecordedScope
    {
        guard stacks.enabled else {
            return RecordedScope(resources: try await record(scope, into: recorder, logger: logger))
        }
        let cloudFormation = try makeClient(.cloudFormation, scope.region)
        async let stacksRead = StackReader(options: stacks).read(scope, client: cloudFormation, logger: logger)
        let resources = try await record(scope, into: recorder, logger: logger)
        return RecordedScope(resources: resources, stacks: try await stacksRead)
    }

    /// Records every resource of the scope, page by page; returns how many.
    private func record<Recorder: ScopeRecorder>(_ scope: Scope, into recorder: Recorder, logger: Logger)
        async throws -> Int
    {
        let ec2 = try makeClient(.ec2, scope.region)
        let elb = try makeClient(.elbv2, scope.region)
        async let servicesRead = Self.stream(.endpointService, ec2, into: recorder, logger: logger) { listing, item in
            (
                id: listing.id(of: item),
                balancers: listing.shape.strings(["NetworkLoadBalancerArns"], in: item)
                    + listing.shape.strings(["GatewayLoadBalancerArns"], in: item)
            )
        }
        async let endpointsRead = Self.stream(.vpcEndpoint, ec2, into: recorder, logger: logger) { listing, item in
            listing.shape.strings(["Groups", "GroupId"], in: item)
        }
        // A load balancer of another type is kept only when one of our services uses it: held until they are known.
        async let balancersRead = Self.stream(
            .loadBalancer, elb, into: recorder, logger: logger,
            recordingNow: { listing, item in
                ["network", "gateway"].contains(listing.shape.string("Type", in: item) ?? "")
            },
            extract: { _, _ in () })

        let services = try await servicesRead
        let serviceIds = services.extracted.map(\.id)
        async let connectionsRead =
            serviceIds.isEmpty
            ? 0
            : Self.stream(
                .connection, ec2, into: recorder, firstOfEachId: true, logger: logger, extract: { _, _ in () }
            ).recorded
        async let principalsRead = principals(of: serviceIds, ec2, into: recorder, logger: logger)

        let endpoints = try await endpointsRead
        let groupIds = Set(endpoints.extracted.joined()).sorted()
        let groups = try await Self.securityGroups(groupIds, ec2, into: recorder, logger: logger)

        let serviceBalancers = Set(services.extracted.flatMap(\.balancers))
        let balancers = try await balancersRead
        var held = ItemRecorder(try ResourceListing.of(.loadBalancer), into: recorder)
        for (item, index) in balancers.held where serviceBalancers.contains(held.listing.id(of: item)) {
            try held.record(item, index: index)
        }
        return services.recorded + endpoints.recorded + groups + balancers.recorded + held.recorded
            + (try await connectionsRead) + (try await principalsRead)
    }

    /// What streaming one listing gave: the resources recorded, what `extract` took from every item, and the items
    /// held back (with their index in their page).
    struct Streamed<Extracted: Sendable>: Sendable {
        var recorded = 0
        var extracted: [Extracted] = []
        var held: [(item: XMLNode, index: Int)] = []
    }

    /// Every page of a resource kind's listing call, recorded item by item as it arrives: those `recordingNow`
    /// accepts are recorded, the others held back; `extract` reads what the caller needs from every item.
    static func stream<Extracted: Sendable>(
        _ kind: ResourceKind, _ client: QueryClient, into recorder: some ScopeRecorder,
        parameters: [(String, String)] = [], serviceId: String? = nil, firstOfEachId: Bool = false, logger: Logger,
        recordingNow: (ResourceListing, XMLNode) -> Bool = { _, _ in true },
        extract: (ResourceListing, XMLNode) -> Extracted
    ) async throws -> Streamed<Extracted> {
        var items = ItemRecorder(try ResourceListing.of(kind), into: recorder, firstOfEachId: firstOfEachId)
        var streamed = Streamed<Extracted>()
        for try await page in client.pages(kind.listingOperation.name, parameters, maxResults: nil, logger: logger) {
            for (index, item) in try items.listing.shape.items(of: page).enumerated() {
                streamed.extracted.append(extract(items.listing, item))
                if recordingNow(items.listing, item) {
                    try items.record(item, index: index, serviceId: serviceId)
                } else {
                    streamed.held.append((item, index))
                }
            }
        }
        streamed.recorded = items.recorded
        return streamed
    }

    /// The allowed principals of every service, each record carrying its `ServiceId`; returns how many.
    private func principals(
        of ids: [String], _ client: QueryClient, into recorder: some ScopeRecorder, logger: Logger
    ) async throws -> Int {
        var total = 0
        try await withThrowingTaskGroup(of: Int.self) { group in
            var pending = ids.makeIterator()
            func startNext() {
                guard let serviceId = pending.next() else { return }
                group.addTask {
                    try await Self.stream(
                        .allowedPrincipal, client, into: recorder, parameters: [("ServiceId", serviceId)],
                        serviceId: serviceId, logger: logger, extract: { _, _ in () }
                    ).recorded
                }
            }
            for _ in 0..<permissionConcurrency { startNext() }
            while let recorded = try await group.next() {
                total += recorded
                startNext()
            }
        }
        return total
    }

    /// The security groups with these ids, read through the `group-id` filter in chunks of 200 values.
    private static func securityGroups(
        _ ids: [String], _ client: QueryClient, into recorder: some ScopeRecorder, logger: Logger
    ) async throws -> Int {
        var recorded = 0
        for start in stride(from: 0, to: ids.count, by: 200) {
            let chunk = ids[start..<min(start + 200, ids.count)]
            var parameters = [("Filter.1.Name", "group-id")]
            for (index, id) in chunk.enumerated() { parameters.append(("Filter.1.Value.\(index + 1)", id)) }
            recorded += try await stream(
                .securityGroup, client, into: recorder, parameters: parameters, logger: logger, extract: { _, _ in () }
            ).recorded
        }
        return recorded
    }
}
