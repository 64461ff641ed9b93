import AWSQuery
import Foundation

/// The local AWS peer for tests: moto (scripts/peer.py) with plinv's test-only PrivateLink extension,
/// listening on 127.0.0.1 on a free port. Never AWS.
///
/// Tests share one peer per test process (`shared()`), isolated from each other by account:
/// take `freshAccount()` for every test and seed into it. A test that needs the peer to itself
/// (signature checking on, a reset) starts a dedicated one and stops it.
public enum Peer {
    /// The repository root (found from this file's location).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `scripts/` in the repository: peer.py, seed_article.py.
    public static var scriptsDirectory: URL { repositoryRoot.appendingPathComponent("scripts", isDirectory: true) }

    /// The peer shared by every test in this process, started on first use and stopped when the process exits
    /// (the peer watches this process's pid and its stdin pipe). If it cannot start, every caller gets the same error.
    public static func shared() async throws -> PeerInstance {
        try await sharedCache.instance()
    }

    /// A peer of the caller's own, e.g. `startDedicated(arguments: ["--auth", "0"])` for signature checking
    /// on every request. Call `stop()` when done (it also stops when this process exits).
    public static func startDedicated(arguments: [String] = []) async throws -> PeerInstance {
        try await PeerInstance.launch(arguments: arguments)
    }

    /// Credentials a signature-checking peer (`startSignatureChecking()`) accepts: an IAM user in the default
    /// account 123456789012 that is allowed every action.
    public static let signingCredentials = Credentials(
        accessKeyId: "AKIAPLINVTEST0000001", secretAccessKey: "plinv-test-secret-key")

    /// A dedicated peer that verifies the SigV4 signature of every request (moto recomputes it with botocore);
    /// sign with `signingCredentials`. A wrong signature or unknown key answers 401 `AuthFailure`.
    /// `credentials(account:)`/`environment(account:)` do not work on it (their STS call is unsigned).
    public static func startSignatureChecking() async throws -> PeerInstance {
        try await startDedicated(arguments: [
            "--auth", "0",
            "--auth-key", "\(signingCredentials.accessKeyId):\(signingCredentials.secretAccessKey)",
        ])
    }

    private static let sharedCache = SharedPeerCache()
}

/// Starts the shared peer once; concurrent first callers await the same start.
private actor SharedPeerCache {
    private var start: Task<PeerInstance, Error>?

    func instance() async throws -> PeerInstance {
        if let start { return try await start.value }
        let task = Task { try await PeerInstance.launch(arguments: []) }
        start = task
        return try await task.value
    }
}
