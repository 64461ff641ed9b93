import Collector
import Foundation
import Logging
import PrivateLinkModel
import Synchronization
import Testing

/// A reader that returns one endpoint per scope, fails the scopes it is told to, and records peak concurrency.
private final class FakeReader: ScopeReading {
    let failing: Set<String>
    let inFlight = Mutex((now: 0, peak: 0))

    init(failing: Set<String> = []) { self.failing = failing }

    func read(_ scope: Scope, logger: Logger) async throws -> Inventory {
        inFlight.withLock {
            $0.now += 1; $0.peak = max($0.peak, $0.now)
        }
        defer { inFlight.withLock { $0.now -= 1 } }
        await Task.yield()
        if failing.contains(scope.region) { throw FakeFailure(region: scope.region) }
        let raw: JSONValue = .object(["VpcEndpointId": .string("vpce-\(scope.region)")])
        return Inventory(vpcEndpoints: [VPCEndpoint(scope: scope, raw: raw)])
    }

    struct FakeFailure: Error, CustomStringConvertible {
        let region: String
        var description: String { "AccessDenied in \(region)" }
    }
}

private let regions = ["us-east-1", "eu-west-1", "eu-central-1", "ap-south-1", "us-west-2", "sa-east-1"]

@Suite struct CollectorTests {
    let logger = Logger(label: "test")

    @Test func completeWhenEveryScopeSucceedsAndSortedByScope() async {
        let reader = FakeReader()
        let plan = regions.map { PlannedScope(scope: Scope(account: "111111111111", region: $0), reader: reader) }
        let snapshot = await Collector(concurrency: 2).collect(
            plan, takenAt: Date(timeIntervalSince1970: 0), logger: logger)
        #expect(snapshot.status == .complete)
        #expect(snapshot.scopes.map(\.scope.region) == regions.sorted())
        #expect(snapshot.inventory.vpcEndpoints.map(\.scope.region) == regions.sorted())
        #expect(reader.inFlight.withLock { $0.peak } <= 2)
    }

    @Test func failedScopeGivesPartialSnapshotAndKeepsTheRest() async {
        let reader = FakeReader(failing: ["eu-west-1"])
        let plan = regions.map { PlannedScope(scope: Scope(account: "111111111111", region: $0), reader: reader) }
        let events = Mutex<[CollectionEvent]>([])
        let snapshot = await Collector(concurrency: 3).collect(
            plan, takenAt: Date(timeIntervalSince1970: 0), logger: logger,
            progress: { event in events.withLock { $0.append(event) } })
        #expect(snapshot.status == .partial)
        let failed = snapshot.scopes.filter { $0.state == .failed }
        #expect(failed.map(\.scope.region) == ["eu-west-1"])
        #expect(failed.first?.error == "AccessDenied in eu-west-1")
        #expect(snapshot.inventory.vpcEndpoints.count == regions.count - 1)
        let recorded = events.withLock { $0 }
        #expect(recorded.first == .started(total: regions.count))
        #expect(recorded.count == regions.count + 1)
    }

    @Test func scopeKnownToBeUnreachableIsRecordedWithoutReading() async {
        let reader = FakeReader()
        let plan = [
            PlannedScope(
                scope: Scope(account: "profile:broken", region: "us-east-1"), reader: reader,
                failure: "credentials: no access key in profile broken")
        ]
        let snapshot = await Collector(concurrency: 4).collect(
            plan, takenAt: Date(timeIntervalSince1970: 0), logger: logger)
        #expect(snapshot.status == .partial)
        #expect(snapshot.scopes.first?.error == "credentials: no access key in profile broken")
        #expect(reader.inFlight.withLock { $0.peak } == 0)
    }
}
