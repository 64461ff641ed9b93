import AWSQuery
import Foundation
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
/// Each page is recorded as it arrives (``readScope(_:into:logger:)``), its items left as bytes: a record whose
/// digest (of its bytes) is unchanged since the scope's previous snapshot is neither read into nodes nor encoded
/// again, only scanned for its id and what the collect gathers; no page outlives its processing.
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
        // What each item is read for, resolved against the shapes once per scope.
        let serviceShape = try ResourceListing.of(.endpointService).shape
        let balancerPaths = [
            serviceShape.memberPath(["NetworkLoadBalancerArns"]), serviceShape.memberPath(["GatewayLoadBalancerArns"]),
        ]
        async let servicesRead = Self.stream(
            .endpointService, ec2, into: recorder, logger: logger,
            gathering: (ids: [String](), balancers: Set<String>())
        ) { gathered, listing, item, index in
            gathered.ids.append(try listing.id(of: item))
            for path in balancerPaths {
                try listing.shape.forEachString(path, in: item, indexed: index) { gathered.balancers.insert($0) }
            }
        }
        let groupIdPath = try ResourceListing.of(.vpcEndpoint).shape.memberPath(["Groups", "GroupId"])
        async let endpointsRead = Self.stream(
            .vpcEndpoint, ec2, into: recorder, logger: logger, gathering: Set<String>()
        ) {
            groupIds, listing, item, index in
            try listing.shape.forEachString(groupIdPath, in: item, indexed: index) { groupIds.insert($0) }
        }
        // A load balancer of another type is kept only when one of our services uses it: held until they are known.
        async let balancersRead = Self.stream(
            .loadBalancer, elb, into: recorder, logger: logger, gathering: (),
            recordingNow: { listing, item in
                ["network", "gateway"].contains(try listing.shape.string("Type", in: item) ?? "")
            },
            gather: { _, _, _, _ in })

        let services = try await servicesRead
        let serviceIds = services.gathered.ids
        async let connectionsRead =
            serviceIds.isEmpty
            ? 0
            : Self.stream(
                .connection, ec2, into: recorder, firstOfEachId: true, logger: logger)
        async let principalsRead = principals(of: serviceIds, ec2, into: recorder, logger: logger)

        let endpoints = try await endpointsRead
        let groups = try await Self.securityGroups(endpoints.gathered.sorted(), ec2, into: recorder, logger: logger)

        let balancers = try await balancersRead
        var held = ItemRecorder(try ResourceListing.of(.loadBalancer), into: recorder)
        for (bytes, index) in balancers.held {
            try bytes.withUnsafeBytes { document in
                let item = XMLElementBytes(document, 0..<document.count)
                if services.gathered.balancers.contains(try held.listing.id(of: item)) {
                    try held.record(item, index: index)
                }
            }
        }
        return services.recorded + endpoints.recorded + groups + balancers.recorded + held.recorded
            + (try await connectionsRead) + (try await principalsRead)
    }

    /// What streaming one listing gave: the resources recorded, what was gathered from every item, and the items
    /// held back (their bytes, already read strictly once, with their index in their page).
    struct Streamed<Gathered: Sendable>: Sendable {
        var recorded = 0
        var gathered: Gathered
        var held: [(item: Data, index: Int)] = []
    }

    /// Every page of a resource kind's listing call, recorded item by item as it arrives: those `recordingNow`
    /// accepts are recorded, the others held back; `gather` reads what the caller needs from every item, given the
    /// item's index when recording it indexed it (a new or changed record).
    /// - Throws: `QueryError.malformedResponse` for an item that is not well-formed XML, as for a whole page.
    static func stream<Gathered: Sendable>(
        _ kind: ResourceKind, _ client: QueryClient, into recorder: some ScopeRecorder,
        parameters: [(String, String)] = [], serviceId: String? = nil, firstOfEachId: Bool = false, logger: Logger,
        gathering initial: Gathered, recordingNow: (ResourceListing, XMLElementBytes) throws -> Bool = { _, _ in true },
        gather: (inout Gathered, ResourceListing, XMLElementBytes, XMLElementIndex?) throws -> Void
    ) async throws -> Streamed<Gathered> {
        // Read through this constant, not `items.listing`: the closure below mutates `items`, so each read of its
        // listing there copied the struct (two copies an item, about 900 instructions).
        let listing = try ResourceListing.of(kind)
        var items = ItemRecorder(listing, into: recorder, firstOfEachId: firstOfEachId)
        var streamed = Streamed(gathered: initial)
        let operation = kind.listingOperation.name
        for try await page in client.pages(
            operation, parameters, maxResults: nil, items: listing.shape.itemPath, logger: logger)
        {
            _ = try listing.shape.resultParent(in: page.root)
            do {
                try page.forEachItem { index, item in
                    // Only an item recorded just now is offered its index (recording returns it); a held one none.
                    var indexed: XMLElementIndex?
                    if try recordingNow(listing, item) {
                        indexed = try items.record(item, index: index, serviceId: serviceId)
                    } else {
                        _ = try item.node()  // read strictly now, as a recorded item is
                        streamed.held.append((Data(item.document[item.range]), index))
                    }
                    try gather(&streamed.gathered, listing, item, indexed)
                }
            } catch let error as XMLNode.ParseError {
                throw QueryError.malformedResponse(action: operation, status: 200, detail: error.description)
            }
        }
        streamed.recorded = items.recorded
        return streamed
    }

    /// Every page of a resource kind's listing call, recorded item by item as it arrives; returns how many.
    static func stream(
        _ kind: ResourceKind, _ client: QueryClient, into recorder: some ScopeRecorder,
        parameters: [(String, String)] = [], serviceId: String? = nil, firstOfEachId: Bool = false, logger: Logger
    ) async throws -> Int {
        try await stream(
            kind, client, into: recorder, parameters: parameters, serviceId: serviceId, firstOfEachId: firstOfEachId,
            logger: logger, gathering: (), gather: { _, _, _, _ in }
        ).recorded
    }

    /// The allowed principals of every service, each record carrying its `ServiceId`; returns how many.
    ///
    /// `permissionConcurrency` workers each take the next service until none is left: one task per worker, not one
    /// per service, so a paced call does not also pay for starting a task and waking the parent that awaits it.
    private func principals(
        of ids: [String], _ client: QueryClient, into recorder: some ScopeRecorder, logger: Logger
    ) async throws -> Int {
        let services = SharedCursor(ids)
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<min(permissionConcurrency, ids.count) {
                group.addTask {
                    var recorded = 0
                    while !Task.isCancelled, let serviceId = services.next() {
                        recorded += try await Self.stream(
                            .allowedPrincipal, client, into: recorder, parameters: [("ServiceId", serviceId)],
                            serviceId: serviceId, logger: logger)
                    }
                    return recorded
                }
            }
            return try await group.reduce(0, +)
        }
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
            recorded += try await stream(.securityGroup, client, into: recorder, parameters: parameters, logger: logger)
        }
        return recorded
    }
}
