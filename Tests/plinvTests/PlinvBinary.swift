import Foundation
import TestSupport

/// Runs the built `plinv` executable, as a user would.
enum PlinvBinary {
    /// The `plinv` executable next to the test bundle (both live in SwiftPM's bin directory).
    static var url: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("plinv")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/plinv")
    }

    /// Runs `plinv arguments…` with `environment` and returns status, stdout and stderr.
    static func run(_ arguments: [String], environment: [String: String], stdin: Data? = nil) async throws
        -> ProcessResult
    {
        try await runProcess(executable: url.path, arguments: arguments, environment: environment, stdin: stdin)
    }
}
