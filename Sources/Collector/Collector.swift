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
        let results = await schedule(plan, progress: progress) { planned in
            await Self.attempt(planned, logger: logger, progress: progress) { scope, logger in
                let result = try await planned.reader.readScope(scope, logger: logger)
                return (result.inventory.resourceCount, result)
            }
        }
        var inventory = Inventory()
        var stacks: [DeployedStack] = [], exports: [StackExport] = [], stackScopes = Set<Scope>()
        for (status, part) in results {
            guard let part else { continue }
            inventory.merge(part.inventory)
            guard let read = part.stacks else { continue }
            stacks += read.stacks
            exports += read.exports
            stackScopes.insert(status.scope)
        }
        return Self.snapshot(
            of: results.map(\.0), takenAt: takenAt, label: label, inventory: inventory.sorted(),
            stacks: stacks, exports: exports, stackScopes: stackScopes)
    }

    /// Reads every planned scope into `sink` as the pages arrive, and returns the snapshot's header with the
    /// recorders of the scopes that succeeded (a failed scope's recorder, and whatever it got, is dropped).
    public func collect<Sink: RecordSink>(
        _ plan: [PlannedScope], into sink: Sink, takenAt: Date, label: String? = nil, logger: Logger,
        progress: @escaping @Sendable (CollectionEvent) -> Void = { _ in }
    ) async -> RecordedSnapshot<Sink.Recorder> {
        let results = await schedule(plan, progress: progress) { planned in
            await Self.attempt(planned, logger: logger, progress: progress) { scope, logger in
                let recorder = try sink.recorder(for: scope)
                let recorded = try await planned.reader.readScope(scope, into: recorder, logger: logger)
                return (recorded.resources, (recorder, recorded.stacks))
            }
        }
        var stacks: [DeployedStack] = [], exports: [StackExport] = [], stackScopes = Set<Scope>()
        for (status, part) in results {
            guard let read = part?.1 else { continue }
            stacks += read.stacks
            exports += read.exports
            stackScopes.insert(status.scope)
        }
        let snapshot = Self.snapshot(
            of: results.map(\.0), takenAt: takenAt, label: label, inventory: Inventory(),
            stacks: stacks, exports: exports, stackScopes: stackScopes)
        return RecordedSnapshot(snapshot: snapshot, recorders: results.compactMap { $0.1?.0 })
    }

    /// Runs `read` for every planned scope, at most `concurrency` at a time; the results sorted by scope.
    private func schedule<Part: Sendable>(
        _ plan: [PlannedScope], progress: @Sendable (CollectionEvent) -> Void,
        read: @escaping @Sendable (PlannedScope) async -> (ScopeStatus, Part?)
    ) async -> [(ScopeStatus, Part?)] {
        progress(.started(total: plan.count))
        var results: [(ScopeStatus, Part?)] = []
        await withTaskGroup(of: (ScopeStatus, Part?).self) { group in
            var pending = plan.makeIterator()
            func startNext() -> Bool {
                guard let planned = pending.next() else { return false }
                group.addTask { await read(planned) }
                return true
            }
            for _ in 0..<concurrency where !startNext() { break }
            while let result = await group.next() {
                results.append(result)
                _ = startNext()
            }
        }
        results.sort { $0.0.scope < $1.0.scope }
        return results
    }

    /// The snapshot of these scope results: complete when none failed, else partial.
    private static func snapshot(
        of statuses: [ScopeStatus], takenAt: Date, label: String?, inventory: Inventory,
        stacks: [DeployedStack], exports: [StackExport], stackScopes: Set<Scope>
    ) -> Snapshot {
        let failed = statuses.contains { $0.state == .failed }
        return Snapshot(
            takenAt: takenAt, status: failed ? .partial : .complete, label: label,
            scopes: statuses, inventory: inventory, stacks: stacks, exports: exports, stackScopes: stackScopes)
    }

    /// Reads one scope with `read` (which returns the resource count and its part), reporting progress; a scope
    /// known to be unreachable, or whose read throws, is a failed status with no part.
    private static func attempt<Part: Sendable>(
        _ planned: PlannedScope, logger: Logger, progress: @Sendable (CollectionEvent) -> Void,
        read: (Scope, Logger) async throws -> (Int, Part)
    ) async -> (ScopeStatus, Part?) {
        var logger = logger
        logger[metadataKey: "plinv-scope"] = "\(planned.scope)"
        if let failure = planned.failure {
            progress(.scopeFailed(planned.scope, reason: failure))
            return (ScopeStatus(scope: planned.scope, state: .failed, error: failure), nil)
        }
        do {
            let (resources, part) = try await read(planned.scope, logger)
            progress(.scopeSucceeded(planned.scope, resources: resources))
            return (ScopeStatus(scope: planned.scope, state: .ok), part)
        } catch {
            let reason = String(describing: error)
            logger.debug("scope failed", metadata: ["plinv-error": "\(reason)"])
            progress(.scopeFailed(planned.scope, reason: reason))
            return (ScopeStatus(scope: planned.scope, state: .failed, error: reason), nil)
        }
    }
}
