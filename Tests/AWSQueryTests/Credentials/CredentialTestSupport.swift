import Foundation
import Logging
import Synchronization
import Testing

@testable import AWSQuery

/// Secrets used across the credential tests; none may appear in a log line, error or description.
enum Secrets {
    static let all = [
        "env-secret-do-not-log", "env-token-do-not-log", "file-secret-do-not-log", "config-secret-do-not-log",
        "process-secret-do-not-log", "process-token-do-not-log", "container-secret-do-not-log",
        "container-token-do-not-log", "test-container-token", "web-identity-token-do-not-log", "test-secret-key",
        "test-session-token", "sso-secret-do-not-log", "sso-session-token-do-not-log",
        "sso-access-token-valid-do-not-log", "sso-access-token-refreshed-do-not-log", "sso-client-secret-do-not-log",
        "sso-access-token-expired-do-not-log", "imds-secret-do-not-log", "imds-token-do-not-log",
    ]

    /// Records an issue for every secret found in `text`.
    static func expectAbsent(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in all {
            #expect(!text.contains(secret), "secret leaked: \(secret)", sourceLocation: sourceLocation)
        }
    }
}

/// A temporary directory holding config files, removed when the value is dropped by the test.
struct TempDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "plinv-creds-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// An environment over a temp home directory with the given config and credentials file contents.
func environment(
    _ variables: [String: String] = [:], config: String? = nil, credentials: String? = nil, in directory: TempDirectory
) throws -> AWSEnvironment {
    if let config { try directory.write(".aws/config", config) }
    if let credentials { try directory.write(".aws/credentials", credentials) }
    return AWSEnvironment(variables: variables, homeDirectory: directory.path)
}

/// Fixture files next to this source file.
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + name).path
}

/// A LogHandler that keeps every rendered line, to check what the code logs.
final class CapturingLogHandler: LogHandler, Sendable {
    private let storage = Mutex<[String]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let metadata = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        storage.withLock { $0.append("\(event.level) \(event.message) \(metadata)") }
    }

    var lines: [String] { storage.withLock { $0 } }

    /// A logger writing into a new handler, and the handler.
    static func make() -> (Logger, CapturingLogHandler) {
        let handler = CapturingLogHandler()
        return (Logger(label: "test") { _ in handler }, handler)
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
    var function: @Sendable () -> Date { { self.now } }
}
