import Foundation
import Logging
import PrivateLinkModel

/// Collects many scopes with bounded concurrency into one snapshot; a failed scope never loses the others.
public struct Collector: Sendable {
    /// At most this many scopes are read at the same time.
    public var concurrency: Int

    public init(concurrency: Int) {
        self.concurrency = max(1, concurrency)
    }

    /// Reads every planned scope and returns the snapshot (complete when every scope succeeded, else partial).
    ///
    /// Results are sorted by scope before they are merged, so the snapshot does not depend on completion order.
    public func collect(
        _ plan: [PlannedScope], takenAt: Date, label: String? = nil, logger: Logger,
        progress: @escaping @Sendable (CollectionEvent) -> Void = { _ in }
    ) async -> Snapshot {
        progress(.started(total: plan.count))
        var results: [(ScopeStatus, ScopeReadResult)] = []
        await withTaskGroup(of: (ScopeStatus, ScopeReadResult).self) { group in
            var pending = plan.makeIterator()
            func startNext() -> Bool {
                guard let planned = pending.next() else { return false }
                group.addTask { await Self.read(planned, logger: logger, progress: progress) }
                return true
            }
            for _ in 0..<concurrency where !startNext() { break }
            while let result = await group.next() {
                results.append(result)
                _ = startNext()
            }
        }
        results.sort { $0.0.scope < $1.0.scope }
        var inventory = Inventory()
        var stacks: [DeployedStack] = [], exports: [StackExport] = [], stackScopes = Set<Scope>()
        for (status, part) in results {
            inventory.merge(part.inventory)
            guard status.state == .ok, let read = part.stacks else { continue }
            stacks += read.stacks
            exports += read.exports
            stackScopes.insert(status.scope)
        }
        let statuses = results.map(\.0)
        let failed = statuses.contains { $0.state == .failed }
        return Snapshot(
            takenAt: takenAt, status: failed ? .partial : .complete, label: label,
            scopes: statuses, inventory: inventory.sorted(), stacks: stacks, exports: exports, stackScopes: stackScopes
        )
    }

    private static func read(
        _ planned: PlannedScope, logger: Logger, progress: @Sendable (CollectionEvent) -> Void
    ) async -> (ScopeStatus, ScopeReadResult) {
        var logger = logger
        logger[metadataKey: "plinv-scope"] = "\(planned.scope)"
        if let failure = planned.failure {
            progress(.scopeFailed(planned.scope, reason: failure))
            return (ScopeStatus(scope: planned.scope, state: .failed, error: failure), ScopeReadResult(inventory: Inventory()))
        }
        do {
            let result = try await planned.reader.readScope(planned.scope, logger: logger)
            progress(.scopeSucceeded(planned.scope, resources: result.inventory.resourceCount))
            return (ScopeStatus(scope: planned.scope, state: .ok), result)
        } catch {
            let reason = String(describing: error)
            logger.debug("scope failed", metadata: ["plinv-error": "\(reason)"])
            progress(.scopeFailed(planned.scope, reason: reason))
            return (ScopeStatus(scope: planned.scope, state: .failed, error: reason), ScopeReadResult(inventory: Inventory()))
        }
    }
}
