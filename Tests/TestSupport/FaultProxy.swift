import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A running `scripts/fault_proxy.py`: a loopback reverse proxy in front of a peer that answers a seeded
/// share of requests with faults (throttling, 500/503, slow, truncated, dropped). Clients use `url` as their
/// endpoint and sign for it; the proxy forwards the request bytes unchanged. The proxy exits with the test
/// process (`--parent-pid`) or at `stop()`.
public final class FaultProxy: Sendable {
    /// What to inject; shares are fractions of all requests (their sum at most 1).
    public struct Plan: Sendable, Hashable {
        public var seed = 0
        public var throttle = 0.0
        public var error500 = 0.0
        public var error503 = 0.0
        public var slow = 0.0
        public var slowMilliseconds = 300
        public var truncate = 0.0
        /// `cut` (original Content-Length, socket closed early), `short` (a matching short length) or `mixed`.
        public var truncateMode = "mixed"
        public var drop = 0.0
        /// Action (or `*`) → the fault kind every request to it gets: throttle, error500, error503, slow,
        /// truncate or drop.
        public var always: [String: String] = [:]

        public init() {}

        /// The proxy's command-line arguments for this plan.
        var arguments: [String] {
            var result = ["--seed", "\(seed)", "--slow-ms", "\(slowMilliseconds)", "--truncate-mode", truncateMode]
            for (flag, share) in [
                ("throttle", throttle), ("error500", error500), ("error503", error503), ("slow", slow),
                ("truncate", truncate), ("drop", drop),
            ] where share > 0 {
                result += ["--\(flag)", "\(share)"]
            }
            for (action, kind) in always.sorted(by: { $0.key < $1.key }) {
                result += ["--always", "\(action)=\(kind)"]
            }
            return result
        }
    }

    /// The proxy's counters, as `GET /__faults` reports them.
    public struct Counts: Sendable, Hashable, Decodable {
        /// Requests and faults of one action.
        public struct ActionCounts: Sendable, Hashable, Decodable {
            public var requests: Int
            public var faults: Int

            public init(requests: Int, faults: Int) {
                self.requests = requests
                self.faults = faults
            }
        }

        /// Proxied requests seen (the control endpoint excluded).
        public var requests: Int
        /// Requests sent on to the peer (slow and truncated ones included).
        public var forwarded: Int
        public var faultsInjected: Int
        /// Faults by kind: throttle, error500, error503, slow, truncate, drop.
        public var faults: [String: Int]
        /// Truncations by variant: cut, short.
        public var truncations: [String: Int]
        public var upstreamErrors: Int
        public var byAction: [String: ActionCounts]

        /// One line for a test's output: `requests=… faults=… throttle=… …`.
        public var summary: String {
            let kinds = faults.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "requests=\(requests) forwarded=\(forwarded) faultsInjected=\(faultsInjected) \(kinds)"
        }
    }

    /// Why the proxy could not be started or asked for its counts.
    public enum LaunchError: Error, CustomStringConvertible {
        case didNotStart(output: String)
        case unreadableCounts(String)

        public var description: String {
            switch self {
            case .didNotStart(let output): "scripts/fault_proxy.py did not report its port; it wrote: \(output)"
            case .unreadableCounts(let detail): "fault proxy counts unreadable: \(detail)"
            }
        }
    }

    /// The proxy's base URL, e.g. `http://127.0.0.1:40123`.
    public let url: URL
    public let port: Int
    private let processID: Int32
    /// The launched processes, kept alive until stopped.
    private static let running = Mutex<[Int32: ChildProcess]>([:])

    /// The script, found from this file's place in the repository.
    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/fault_proxy.py")

    /// Starts a proxy in front of `upstream` with `plan` and waits until it listens.
    /// - Throws: `LaunchError.didNotStart` when python3 or the script fails.
    public static func start(upstream: URL, plan: Plan) async throws -> FaultProxy {
        // Its standard error goes to a file: a pipe nobody reads would stop the proxy once it filled.
        let log = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("plinv-fault-proxy-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let process = try ChildProcess(
            executable: "python3",
            arguments: [
                script.path, "--upstream", upstream.absoluteString,
                "--parent-pid", "\(ProcessInfo.processInfo.processIdentifier)",
            ] + plan.arguments,
            standardOutput: .pipe, standardError: .file(log))
        let line = await process.firstLineOfOutput() ?? ""
        guard line.hasPrefix("PORT="), let port = Int(line.dropFirst(5)),
            let url = URL(string: "http://127.0.0.1:\(port)")
        else {
            process.signal(SIGKILL)
            _ = await process.status()
            let stderr = String(decoding: ((try? Data(contentsOf: log)) ?? Data()).prefix(600), as: UTF8.self)
            throw LaunchError.didNotStart(output: line + stderr)
        }
        running.withLock { $0[process.processIdentifier] = process }
        return FaultProxy(url: url, port: port, processID: process.processIdentifier)
    }

    private init(url: URL, port: Int, processID: Int32) {
        self.url = url
        self.port = port
        self.processID = processID
    }

    /// The counts so far.
    public func counts() async throws -> Counts {
        let (data, _) = try await URLSession.shared.data(from: url.appendingPathComponent("__faults"))
        do {
            return try JSONDecoder().decode(Counts.self, from: data)
        } catch {
            throw LaunchError.unreadableCounts("\(error): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
    }

    /// Stops the proxy (it also stops by itself when the test process exits).
    public func stop() {
        let process = Self.running.withLock { $0.removeValue(forKey: processID) }
        process?.signal()
    }
}
