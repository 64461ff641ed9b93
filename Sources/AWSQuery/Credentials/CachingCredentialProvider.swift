import Foundation
import Logging

/// Caches another provider's credentials and refreshes them before they expire, one refresh at a time.
///
/// Inside the advisory window (15 minutes before expiry, as botocore) a refresh is tried but the cached
/// credentials are still returned if it fails; inside the mandatory window (10 minutes) a refresh must succeed.
/// Credentials without an expiration are fetched once. Concurrent callers share the refresh in flight.
public actor CachingCredentialProvider: CredentialProvider {
    /// The provider asked for fresh credentials.
    public nonisolated let base: any CredentialProvider
    /// How long before expiry a refresh is attempted.
    public nonisolated let advisoryWindow: TimeInterval
    /// How long before expiry a refresh is required.
    public nonisolated let mandatoryWindow: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: Credentials?
    private var refresh: Task<Credentials, any Error>?
    /// How many callers are waiting on the refresh in flight (for tests).
    private(set) var waitingCallers = 0

    /// Caches `base`; `now` is the clock (injected by tests).
    public init(
        _ base: any CredentialProvider, advisoryWindow: TimeInterval = 15 * 60, mandatoryWindow: TimeInterval = 10 * 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.base = base
        self.advisoryWindow = advisoryWindow
        self.mandatoryWindow = mandatoryWindow
        self.now = now
    }

    public nonisolated var sourceDescription: String { base.sourceDescription }

    public func credentials(logger: Logger) async throws -> Credentials {
        guard let cached else { return try await refreshed(logger: logger) }
        guard let expiration = cached.expiration else { return cached }
        let remaining = expiration.timeIntervalSince(now())
        if remaining > advisoryWindow { return cached }
        if remaining <= mandatoryWindow { return try await refreshed(logger: logger) }
        do {
            return try await refreshed(logger: logger)
        } catch {
            logger.debug(
                "advisory credential refresh failed; using cached credentials",
                metadata: ["aws-credential-source": "\(base.sourceDescription)", "error": "\(error)"])
            return cached
        }
    }

    /// Joins the refresh in flight or starts one.
    private func refreshed(logger: Logger) async throws -> Credentials {
        let task: Task<Credentials, any Error>
        if let refresh {
            task = refresh
        } else {
            let base = self.base
            task = Task { try await base.credentials(logger: logger) }
            refresh = task
            logger.debug("refreshing credentials", metadata: ["aws-credential-source": "\(base.sourceDescription)"])
        }
        waitingCallers += 1
        defer { waitingCallers -= 1 }
        let result = await task.result
        if refresh == task {
            refresh = nil
            if case .success(let credentials) = result { cached = credentials }
        }
        return try result.get()
    }
}
