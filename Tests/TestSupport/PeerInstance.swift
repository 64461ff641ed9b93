import AWSQuery
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One running moto peer (scripts/peer.py) and the helpers tests use against it.
public actor PeerInstance {
    /// The account moto uses for requests whose credentials it does not know (e.g. the dummy `testing` keys).
    public static let defaultAccount = "123456789012"

    /// The TCP port on 127.0.0.1.
    public nonisolated let port: Int
    /// The endpoint URL, `http://127.0.0.1:<port>`: give it to plinv (`--endpoint-url`), boto3 or the CLI.
    public nonisolated let url: URL

    /// The peer, whose standard input is held open for its lifetime: it exits when that pipe closes (e.g. the test
    /// process dies).
    private let process: ChildProcess
    private var nextAccount = 0
    private var credentialsByAccount: [String: Credentials] = [:]

    private init(process: ChildProcess, port: Int, url: URL) {
        self.process = process
        self.port = port
        self.url = url
    }

    /// Starts scripts/peer.py with `arguments` and waits for its `PORT=<n>` line.
    static func launch(arguments: [String]) async throws -> PeerInstance {
        let script = Peer.scriptsDirectory.appendingPathComponent("peer.py").path
        let fullArguments =
            [script, "--parent-pid", "\(ProcessInfo.processInfo.processIdentifier)", "--stdin-eof"]
            + arguments
        let logFile = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("plinv-peer-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let process = try ChildProcess(
            executable: ProcessEnvironment.python, arguments: fullArguments,
            environment: ProcessEnvironment.isolated(), standardInput: .pipe, standardOutput: .pipe,
            standardError: .file(logFile))
        let line = await process.firstLineOfOutput()
        guard let line, !line.isEmpty else {
            process.signal(SIGKILL)
            _ = await process.status()
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            throw TestSupportError.peerFailedToStart(arguments: fullArguments, log: log)
        }
        let digits = line.hasPrefix("PORT=") ? String(line.dropFirst(5)) : line
        guard let port = Int(digits.trimmingCharacters(in: .whitespaces)), port > 0,
            let url = URL(string: "http://127.0.0.1:\(port)")
        else {
            process.signal()
            throw TestSupportError.unexpectedPeerOutput(line)
        }
        // Only a failed start needs the log; the running peer keeps its open descriptor to the unlinked file.
        try? FileManager.default.removeItem(at: logFile)
        return PeerInstance(process: process, port: port, url: url)
    }

    /// Stops the peer and waits for it to exit. Stopping a stopped peer does nothing.
    /// Never stop the `Peer.shared()` instance: other tests in the process are using it.
    public func stop() async {
        await process.stop()
    }

    /// A 12-digit account id no other caller of this peer got: seed into it to stay isolated from parallel tests.
    public func freshAccount() -> String {
        nextAccount += 1
        return String(format: "2%05d%06d", Int(port) % 100_000, nextAccount)
    }

    /// Credentials that moto attributes to `account`: temporary keys from STS AssumeRole into
    /// `arn:aws:iam::<account>:role/plinv-test` (moto needs no such role). Cached per account.
    /// Requires signature checking off (the default peer), as the request is not signed.
    public func credentials(account: String) async throws -> Credentials {
        if let cached = credentialsByAccount[account] { return cached }
        let credentials = try await assumeRole(account: account)
        credentialsByAccount[account] = credentials
        return credentials
    }

    /// A complete, isolated environment for boto3, the AWS CLI or plinv against this peer: endpoint URL,
    /// region, and credentials that land in `account` (nil: moto's default account 123456789012 with dummy keys).
    /// `extra` is merged on top.
    public func environment(
        account: String? = nil, region: String = "us-east-1", extra: [String: String] = [:]
    ) async throws -> [String: String] {
        var values = [
            "AWS_ENDPOINT_URL": url.absoluteString,
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        ]
        if let account, account != Self.defaultAccount {
            let credentials = try await credentials(account: account)
            values["AWS_ACCESS_KEY_ID"] = credentials.accessKeyId
            values["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
            values["AWS_SESSION_TOKEN"] = credentials.sessionToken
        }
        return ProcessEnvironment.isolated(values.merging(extra) { _, new in new })
    }

    /// Runs a python script (e.g. `Peer.scriptsDirectory.appendingPathComponent("seed_article.py")`) and
    /// returns its standard output. `environment` defaults to `environment()`.
    /// - Throws: `TestSupportError.processFailed` on a non-zero exit, with its standard error.
    public func runPython(
        _ script: URL, arguments: [String] = [], environment: [String: String]? = nil
    ) async throws -> Data {
        let environment = try await resolved(environment)
        let result = try await runProcess(
            executable: ProcessEnvironment.python, arguments: [script.path] + arguments, environment: environment)
        guard result.status == 0 else {
            throw TestSupportError.processFailed(
                executable: ProcessEnvironment.python, arguments: [script.path] + arguments,
                status: result.status, stderr: result.stderrText)
        }
        return result.stdout
    }

    /// Runs `aws <arguments> --output json` against this peer and returns its standard output (JSON, or empty
    /// for commands that print nothing). `environment` defaults to `environment()`.
    /// - Throws: `TestSupportError.processFailed` on a non-zero exit, with the CLI's error text.
    public func awsCLI(_ arguments: [String], environment: [String: String]? = nil) async throws -> Data {
        let environment = try await resolved(environment)
        let fullArguments = arguments + ["--output", "json"]
        let result = try await runProcess(
            executable: ProcessEnvironment.awsCLI, arguments: fullArguments, environment: environment)
        guard result.status == 0 else {
            throw TestSupportError.processFailed(
                executable: ProcessEnvironment.awsCLI, arguments: fullArguments,
                status: result.status, stderr: result.stderrText)
        }
        return result.stdout
    }

    /// `awsCLI(_:environment:)` decoded as `type`, e.g. `try await peer.awsCLI([...], as: JSONValue.self)`.
    public func awsCLI<T: Decodable>(
        _ arguments: [String], as type: T.Type, environment: [String: String]? = nil
    ) async throws -> T {
        let data = try await awsCLI(arguments, environment: environment)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw TestSupportError.undecodableOutput(
                executable: ProcessEnvironment.awsCLI, arguments: arguments, reason: "\(error)",
                output: String(decoding: data, as: UTF8.self))
        }
    }

    private func resolved(_ environment: [String: String]?) async throws -> [String: String] {
        if let environment { return environment }
        return try await self.environment()
    }

    private func assumeRole(account: String) async throws -> Credentials {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded; charset=utf-8", forHTTPHeaderField: "Content-Type")
        // moto routes by the credential scope in Authorization; with signature checking off it is not verified.
        request.setValue(
            "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0",
            forHTTPHeaderField: "Authorization")
        let role = "arn%3Aaws%3Aiam%3A%3A\(account)%3Arole%2Fplinv-test"
        request.httpBody = Data("Action=AssumeRole&Version=2011-06-15&RoleArn=\(role)&RoleSessionName=plinv-test".utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        let text = String(decoding: data, as: UTF8.self)
        guard let root = try? XMLNode.parse(data),
            let node = root.firstDescendant(named: "Credentials"),
            let keyId = node.child("AccessKeyId")?.text,
            let secret = node.child("SecretAccessKey")?.text
        else { throw TestSupportError.assumeRoleFailed(account: account, response: text) }
        return Credentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: node.child("SessionToken")?.text)
    }
}
