import Foundation
import TestSupport
import Testing

/// Only requests load libcurl: a command that reads the database, or none, starts without it and the thirty
/// libraries it pulls in. glibc's loader says what it loads (`LD_DEBUG=files`).
@Suite struct LibcurlLoadingTests {
    /// The lines of the loader's report that name libcurl.
    static func libcurlLines(_ result: ProcessResult) -> [String] {
        result.stderrText.split(separator: "\n").map(String.init).filter { $0.contains("libcurl") }
    }

    @Test func aCommandWithoutRequestsDoesNotLoadLibcurl() async throws {
        let result = try await PlinvBinary.run(
            ["--version"], environment: ProcessEnvironment.isolated(["LD_DEBUG": "files"]))
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.contains("file="), "the loader reported what it loaded")
        #expect(Self.libcurlLines(result) == [])
    }

    @Test func aCommandThatMakesRequestsLoadsLibcurlThen() async throws {
        let peer = try await Peer.startSignatureChecking()
        defer { Task { await peer.stop() } }
        let result = try await PlinvBinary.run(
            ["doctor"],
            environment: ProcessEnvironment.isolated([
                "AWS_ACCESS_KEY_ID": Peer.signingCredentials.accessKeyId,
                "AWS_SECRET_ACCESS_KEY": Peer.signingCredentials.secretAccessKey,
                "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": peer.url.absoluteString, "LD_DEBUG": "files",
            ]))
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let lines = Self.libcurlLines(result)
        #expect(lines.contains { $0.contains("file=libcurl.so.4") && $0.contains("dynamically loaded by") }, "\(lines)")
    }
}
