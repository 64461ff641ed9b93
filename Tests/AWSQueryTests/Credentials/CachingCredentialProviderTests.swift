import Foundation
import Logging
import Synchronization
import Testing

@testable import AWSQuery

/// A provider that hands out numbered credentials expiring `lifetime` after the clock's now.
final class CountingProvider: CredentialProvider {
    let clock: TestClock
    let lifetime: TimeInterval?
    let failing = Mutex(false)
    private let calls = Mutex(0)
    /// When set, each call waits here until the test opens the gate.
    let gate: Gate?

    init(clock: TestClock, lifetime: TimeInterval?, gate: Gate? = nil) {
        self.clock = clock
        self.lifetime = lifetime
        self.gate = gate
    }

    var callCount: Int { calls.withLock { $0 } }
    var sourceDescription: String { "counting" }

    func credentials(logger: Logger) async throws -> Credentials {
        let number = calls.withLock { count in
            count += 1
            return count
        }
        if let gate { await gate.wait() }
        if failing.withLock({ $0 }) { throw CredentialError.stsFailed(action: "Test", reason: "down") }
        return Credentials(
            accessKeyId: "AKIA\(number)", secretAccessKey: "s",
            expiration: lifetime.map { clock.now.addingTimeInterval($0) })
    }
}

/// A one-shot gate that suspended callers wait on until `open()`.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters = []
    }
}

@Suite struct CachingCredentialProviderTests {
    let logger = Logger(label: "t")

    @Test func refreshesOnlyInsideTheWindows() async throws {
        let clock = TestClock()
        let base = CountingProvider(clock: clock, lifetime: 3600)
        let cache = CachingCredentialProvider(base, now: clock.function)
        #expect(try await cache.credentials(logger: logger).accessKeyId == "AKIA1")
        clock.advance(by: 3600 - 15 * 60 - 1)  // 15 min + 1 s left: still fresh
        #expect(try await cache.credentials(logger: logger).accessKeyId == "AKIA1")
        #expect(base.callCount == 1)
        clock.advance(by: 2)  // inside the advisory window: refreshed
        #expect(try await cache.credentials(logger: logger).accessKeyId == "AKIA2")
        #expect(base.callCount == 2)
    }

    @Test func advisoryFailureKeepsCachedButMandatoryFailureThrows() async throws {
        let clock = TestClock()
        let base = CountingProvider(clock: clock, lifetime: 3600)
        let cache = CachingCredentialProvider(base, now: clock.function)
        _ = try await cache.credentials(logger: logger)
        base.failing.withLock { $0 = true }
        clock.advance(by: 3600 - 12 * 60)  // 12 min left: advisory
        #expect(try await cache.credentials(logger: logger).accessKeyId == "AKIA1")
        clock.advance(by: 3 * 60)  // 9 min left: mandatory
        await #expect(throws: CredentialError.self) { try await cache.credentials(logger: logger) }
        #expect(base.callCount == 3)
    }

    @Test func credentialsWithoutExpirationAreFetchedOnce() async throws {
        let clock = TestClock()
        let base = CountingProvider(clock: clock, lifetime: nil)
        let cache = CachingCredentialProvider(base, now: clock.function)
        _ = try await cache.credentials(logger: logger)
        clock.advance(by: 10 * 365 * 86400)
        _ = try await cache.credentials(logger: logger)
        #expect(base.callCount == 1)
        #expect(cache.sourceDescription == "counting")
    }

    @Test func concurrentCallersShareOneRefresh() async throws {
        let clock = TestClock()
        let gate = Gate()
        // Credentials already inside the mandatory window, so any caller arriving later would refresh again.
        let base = CountingProvider(clock: clock, lifetime: 60, gate: gate)
        let cache = CachingCredentialProvider(base, now: clock.function)
        let first = Task { try await cache.credentials(logger: logger) }
        while await cache.waitingCallers < 1 { await Task.yield() }
        let second = Task { try await cache.credentials(logger: logger) }
        while await cache.waitingCallers < 2 { await Task.yield() }
        await gate.open()
        let results = try await [first.value, second.value]
        #expect(results.map(\.accessKeyId) == ["AKIA1", "AKIA1"])
        #expect(base.callCount == 1)
    }
}
