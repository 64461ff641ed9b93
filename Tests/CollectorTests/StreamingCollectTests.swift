import AWSQuery
import Foundation
import Logging
import PrivateLinkModel
import Synchronization
import Testing

@testable import Collector

/// A recorder that keeps what it is told, and treats the digests it is given as the previous snapshot's.
final class MemoryRecorder: ScopeRecorder {
    let scope: Scope
    /// "kind id" → the digest that counts as unchanged.
    let previous: [String: UInt128]
    let carried = Mutex<[String]>([])
    let recorded = Mutex<[String: (digest: UInt128?, json: String)]>([:])

    init(scope: Scope, previous: [String: UInt128]) {
        self.scope = scope
        self.previous = previous
    }

    func carryForward(_ kind: ResourceKind, id: String, digest: UInt128) throws -> Bool {
        guard previous["\(kind.rawValue) \(id)"] == digest else { return false }
        carried.withLock { $0.append("\(kind.rawValue) \(id)") }
        return true
    }

    func record(_ kind: ResourceKind, id: String, digest: UInt128?, canonicalJSON: UnsafeRawBufferPointer) throws {
        let json = String(decoding: canonicalJSON, as: UTF8.self)
        recorded.withLock { $0["\(kind.rawValue) \(id)"] = (digest, json) }
    }

    /// The digests recorded, as the next collect's previous ones.
    var digests: [String: UInt128] { recorded.withLock { $0.compactMapValues(\.digest) } }
}

/// Hands out memory recorders; every scope gets `previous`.
struct MemorySink: RecordSink {
    let previous: [String: UInt128]

    func recorder(for scope: Scope) throws -> MemoryRecorder { MemoryRecorder(scope: scope, previous: previous) }
}

/// Answers every listing with its recorded wire fixture (without a next token, so each listing is one page).
final class FixtureTransport: HTTPTransport {
    let sent = Mutex<[String]>([])
    /// Changes made to a response before it is sent, by action.
    let edits: [String: @Sendable (String) -> String]

    init(edits: [String: @Sendable (String) -> String] = [:]) { self.edits = edits }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = String(decoding: request.body, as: UTF8.self)
        let action = body.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst(7)) } ?? ""
        sent.withLock { $0.append(action) }
        var xml = try String(
            contentsOf: WireFixtureTests.folder.appendingPathComponent("\(action).xml"), encoding: .utf8)
        xml = xml.replacingOccurrences(of: "<nextToken>[^<]*</nextToken>", with: "", options: .regularExpression)
        return HTTPResponse(status: 200, body: Data((edits[action]?(xml) ?? xml).utf8))
    }

    /// A reader of one scope through this transport.
    func reader() -> AWSScopeReader {
        let credentials = StaticCredentialProvider(Credentials(accessKeyId: "AKID", secretAccessKey: "secret"))
        return AWSScopeReader { service, region in
            try QueryClient(service: service, region: region, credentials: credentials, transport: self)
        }
    }
}

@Suite struct StreamingCollectTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    let scope = Scope(account: "123456789012", region: "us-east-1")

    /// One streamed collect of `scope` through `transport` into a memory sink knowing `previous`.
    func collect(_ transport: FixtureTransport, previous: [String: UInt128] = [:]) async throws -> MemoryRecorder {
        let recorded = await Collector(concurrency: 2).collect(
            [PlannedScope(scope: scope, reader: transport.reader())], into: MemorySink(previous: previous),
            takenAt: Date(timeIntervalSince1970: 0), logger: logger)
        #expect(recorded.snapshot.status == .complete, "\(recorded.snapshot.scopes)")
        #expect(recorded.snapshot.inventory == Inventory())
        return try #require(recorded.recorders.first)
    }

    @Test func streamedRecordsAreTheInventoryAScopeReadGives() async throws {
        // The first load balancer becomes an application one that a service uses: it is held, then kept.
        let transport = FixtureTransport(edits: [
            "DescribeLoadBalancers": { xml in
                var xml = xml
                if let first = xml.range(of: "<Type>network</Type>") {
                    xml.replaceSubrange(first, with: "<Type>application</Type>")
                }
                return xml
            }
        ])
        let recorder = try await collect(transport)
        let inventory = try await transport.reader().read(scope, logger: logger)
        var expected: [String: String] = [:]
        func add<Resource: InventoryResource>(_ resources: [Resource]) {
            for resource in resources {
                expected["\(Resource.kind.rawValue) \(resource.resourceId)"] =
                    String(decoding: resource.raw.canonicalData(), as: UTF8.self)
            }
        }
        add(inventory.endpointServices)
        add(inventory.allowedPrincipals)
        add(inventory.connections)
        add(inventory.vpcEndpoints)
        add(inventory.securityGroups)
        add(inventory.loadBalancers)
        #expect(recorder.recorded.withLock { $0.mapValues(\.json) } == expected)
        #expect(
            inventory.loadBalancers.compactMap(\.type).sorted() == ["application", "network"], "web-alb is nobody's")
        #expect(inventory.allowedPrincipals.allSatisfy { !$0.serviceId.isEmpty })
        #expect(Set(inventory.connections.map(\.resourceId)).count == inventory.connections.count)
    }

    @Test func unchangedRecordsAreCarriedForwardWithoutBeingWrittenAndTheCallsStayTheSame() async throws {
        let first = FixtureTransport()
        let written = try await collect(first)
        let digests = written.digests
        #expect(digests.count == written.recorded.withLock { $0.count }, "every streamed record has a digest")

        let second = FixtureTransport()
        let again = try await collect(second, previous: digests)
        #expect(again.recorded.withLock { $0.isEmpty })
        #expect(Set(again.carried.withLock { $0 }) == Set(digests.keys))
        #expect(second.sent.withLock { $0.sorted() } == first.sent.withLock { $0.sorted() })

        // One changed endpoint is written again; the rest are still carried.
        let third = FixtureTransport(edits: [
            "DescribeVpcEndpoints": {
                $0.replacingOccurrences(of: "<state>available</state>", with: "<state>deleting</state>")
            }
        ])
        let changed = try await collect(third, previous: digests)
        let rewritten = changed.recorded.withLock { Array($0.keys) }
        #expect(!rewritten.isEmpty && rewritten.allSatisfy { $0.hasPrefix("vpcEndpoint ") })
        #expect(changed.carried.withLock { $0.count } + rewritten.count == digests.count)
    }

    @Test func anItemWhoseNewBytesAreNotWellFormedFailsTheScopeWhereverItIs() async throws {
        let digests = try await collect(FixtureTransport()).digests
        // An endpoint that is recorded, and an application load balancer that is only held back: both are read
        // strictly, though the page around them balances and every other item is unchanged.
        for (action, edit) in [
            ("DescribeVpcEndpoints", ("<state>available</state>", "<state>avail &bogus; able</state>")),
            ("DescribeLoadBalancers", ("<LoadBalancerName>web-alb<", "<LoadBalancerName>web-alb &#0;<")),
        ] {
            let transport = FixtureTransport(edits: [
                action: { $0.replacingOccurrences(of: edit.0, with: edit.1) }
            ])
            let recorded = await Collector(concurrency: 1).collect(
                [PlannedScope(scope: scope, reader: transport.reader())], into: MemorySink(previous: digests),
                takenAt: Date(timeIntervalSince1970: 0), logger: logger)
            let failure = recorded.snapshot.scopes.first?.error ?? ""
            #expect(recorded.snapshot.scopes.first?.state == .failed, "\(action)")
            #expect(failure.contains(action) && failure.contains("malformed XML at line"), "\(failure)")
        }
    }

    @Test func anItemWhoseLayoutAloneChangedIsWrittenAgainAsTheSameRecord() async throws {
        let first = try await collect(FixtureTransport())
        let transport = FixtureTransport(edits: [
            "DescribeVpcEndpoints": { $0.replacingOccurrences(of: "<vpcId>", with: "\n      <vpcId>") }
        ])
        let again = try await collect(transport, previous: first.digests)
        let rewritten = again.recorded.withLock { $0 }
        #expect(!rewritten.isEmpty && rewritten.keys.allSatisfy { $0.hasPrefix("vpcEndpoint ") })
        let before = first.recorded.withLock { $0 }
        for (key, entry) in rewritten {
            #expect(entry.json == before[key]?.json, "the record is the same")
            #expect(entry.digest != before[key]?.digest, "under another digest")
        }
    }

    @Test func aFailedScopeDropsItsRecorderAndOthersAreSortedByScope() async throws {
        let transport = FixtureTransport()
        let good = transport.reader()
        let failing = FixtureTransport(edits: ["DescribeVpcEndpoints": { _ in "<not-closed>" }]).reader()
        let scopes = ["us-west-2", "eu-west-1", "ap-south-1"].map { Scope(account: "123456789012", region: $0) }
        let recorded = await Collector(concurrency: 3).collect(
            scopes.map { PlannedScope(scope: $0, reader: $0.region == "eu-west-1" ? failing : good) },
            into: MemorySink(previous: [:]), takenAt: Date(timeIntervalSince1970: 0), logger: logger)
        #expect(recorded.snapshot.status == .partial)
        #expect(recorded.snapshot.scopes.filter { $0.state == .failed }.map(\.scope.region) == ["eu-west-1"])
        #expect(recorded.recorders.map(\.scope.region) == ["ap-south-1", "us-west-2"])
    }

    @Test func aReaderThatDoesNotStreamRecordsItsInventoryWithoutDigests() async throws {
        struct Whole: ScopeReading {
            func read(_ scope: Scope, logger: Logger) async throws -> Inventory {
                Inventory(vpcEndpoints: [
                    VPCEndpoint(
                        scope: scope,
                        raw: .object([
                            "VpcEndpointId": .string("vpce-1"), "Ratio": .double(0.5),
                        ]))
                ])
            }
        }
        let recorded = await Collector(concurrency: 1).collect(
            [PlannedScope(scope: scope, reader: Whole())], into: MemorySink(previous: [:]),
            takenAt: Date(timeIntervalSince1970: 0), logger: logger)
        let recorder = try #require(recorded.recorders.first)
        let entry = try #require(recorder.recorded.withLock { $0["vpcEndpoint vpce-1"] })
        #expect(entry.digest == nil)
        #expect(entry.json == #"{"Ratio":0.5,"VpcEndpointId":"vpce-1"}"#)
    }
}
