import Collector
import Foundation
import PrivateLinkModel
import Synchronization

/// Shows collection progress on stderr: a live line on a terminal, one summary line otherwise.
final class ProgressReporter: Sendable {
    private struct State {
        var total = 0
        var done = 0
        var failed = 0
        var resources = 0
        var failures: [String] = []
    }

    private let state = Mutex(State())
    private let live: Bool
    private let quiet: Bool

    /// - Parameters:
    ///   - live: draw a self-updating line (stderr is a terminal).
    ///   - quiet: print nothing but failures.
    init(live: Bool, quiet: Bool) {
        self.live = live && !quiet
        self.quiet = quiet
    }

    /// Records one event and redraws the live line.
    func handle(_ event: CollectionEvent) {
        let line: String? = state.withLock { state in
            switch event {
            case .started(let total): state.total = total
            case .scopeSucceeded(_, let resources):
                state.done += 1
                state.resources += resources
            case .scopeFailed(let scope, let reason):
                state.done += 1
                state.failed += 1
                state.failures.append("\(scope): \(reason)")
            }
            return live ? Self.describe(state) : nil
        }
        if let line { FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8)) }
    }

    /// Ends the live line and prints the summary (with the API calls made) and every failed scope.
    func finish(snapshotID: Int64?, apiCalls: Int? = nil) {
        let (summary, failures) = state.withLock { (Self.describe($0), $0.failures) }
        if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if !quiet {
            let calls = apiCalls.map { ", \($0) API calls" } ?? ""
            let suffix = calls + (snapshotID.map { "; snapshot \($0)" } ?? "")
            Console.err("plinv: \(summary)\(suffix)")
        }
        for failure in failures { Console.err("plinv: failed scope \(failure)") }
    }

    private static func describe(_ state: State) -> String {
        "\(state.done)/\(state.total) scopes, \(state.resources) resources, \(state.failed) failed"
    }
}
