import Foundation

/// What went wrong in the test harness. Tests that need the peer fail with one of these; they never skip.
public enum TestSupportError: Error, Sendable, CustomStringConvertible {
    /// An executable (python3, aws, plinv) is not on `PATH` and not at the given path.
    case executableNotFound(String)
    /// The peer (scripts/peer.py) exited or closed its output before printing its port.
    case peerFailedToStart(arguments: [String], log: String)
    /// The peer printed a first line that is not `PORT=<n>`.
    case unexpectedPeerOutput(String)
    /// A helper process exited with a non-zero status.
    case processFailed(executable: String, arguments: [String], status: Int32, stderr: String)
    /// The peer's STS did not hand out credentials for an account.
    case assumeRoleFailed(account: String, response: String)
    /// Output that should have been JSON of the expected shape was not.
    case undecodableOutput(executable: String, arguments: [String], reason: String, output: String)
    /// A temporary directory could not be created.
    case temporaryDirectoryFailed(path: String, reason: String)
    /// A child process was still running at its time limit, and was killed with its process group.
    case timedOut(commandLine: String, limit: Duration, stdout: String, stderr: String)

    public var description: String {
        switch self {
        case .executableNotFound(let name):
            return "test harness: executable '\(name)' not found on PATH; install it (make deps) — tests never skip"
        case .peerFailedToStart(let arguments, let log):
            return "test harness: the moto peer (python3 \(arguments.joined(separator: " "))) did not start "
                + "(is moto[server] installed for python3? run make deps). Its output:\n\(log)"
        case .unexpectedPeerOutput(let line):
            return "test harness: the peer's first line should be PORT=<n>, got '\(line)'"
        case .processFailed(let executable, let arguments, let status, let stderr):
            return
                "test harness: '\(executable) \(arguments.joined(separator: " "))' exited with status \(status): \(stderr)"
        case .assumeRoleFailed(let account, let response):
            return "test harness: STS AssumeRole into account \(account) on the peer failed: \(response)"
        case .undecodableOutput(let executable, let arguments, let reason, let output):
            return
                "test harness: output of '\(executable) \(arguments.joined(separator: " "))' is not the expected JSON "
                + "(\(reason)): \(output.prefix(2000))"
        case .temporaryDirectoryFailed(let path, let reason):
            return "test harness: cannot create temporary directory \(path): \(reason)"
        case .timedOut(let commandLine, let limit, let stdout, let stderr):
            return "test harness: '\(commandLine)' was still running after \(limit) and was killed. "
                + "Its standard output ended with:\n\(stdout.suffix(2000))\nIts standard error ended with:\n"
                + "\(stderr.suffix(2000))"
        }
    }
}
