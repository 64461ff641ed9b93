import Foundation
import Testing

/// A loopback server from `Fixtures/stub_server.py` (moto, or a container-credentials stub), started once per
/// test process and stopped when the process exits (the script exits when its standard input closes).
final class StubServer: Sendable {
    let port: Int
    private let process: Process
    private let input: Pipe

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(port: Int, process: Process, input: Pipe) {
        self.port = port
        self.process = process
        self.input = input
    }

    /// Starts `stub_server.py MODE` and waits for the line that gives its port.
    static func start(_ mode: String) async throws -> StubServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixture("stub_server.py"), mode]
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        let reader = output.fileHandleForReading
        let line: String = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes = Data()
                while true {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                    if bytes.contains(UInt8(ascii: "\n")) { break }
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw StubServerError(message: "stub_server.py \(mode) did not start: \(line)")
        }
        return StubServer(port: port, process: process, input: input)
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
