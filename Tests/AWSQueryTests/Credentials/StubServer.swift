import Foundation
import TestSupport
import Testing

/// A loopback server from `Fixtures/stub_server.py` (moto, or a container-credentials stub), started once per
/// test process and stopped when the process exits (the script exits when its standard input closes).
final class StubServer: Sendable {
    let port: Int
    /// The script; it ends when its standard input closes.
    private let process: ChildProcess

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(port: Int, process: ChildProcess) {
        self.port = port
        self.process = process
    }

    /// Starts `stub_server.py MODE` and waits for the line that gives its port.
    static func start(_ mode: String) async throws -> StubServer {
        let process = try ChildProcess(
            executable: "python3", arguments: [fixture("stub_server.py"), mode], standardInput: .pipe,
            standardOutput: .pipe)
        let line = await process.firstLineOfOutput() ?? ""
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.signal()
            throw StubServerError(message: "stub_server.py \(mode) did not start: \(line)")
        }
        return StubServer(port: port, process: process)
    }

    struct StubServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// One server of each kind for the whole test run.
actor StubServers {
    static let shared = StubServers()
    private var servers: [String: Task<StubServer, any Error>] = [:]

    func server(_ mode: String) async throws -> StubServer {
        if let task = servers[mode] { return try await task.value }
        let task = Task { try await StubServer.start(mode) }
        servers[mode] = task
        return try await task.value
    }
}
