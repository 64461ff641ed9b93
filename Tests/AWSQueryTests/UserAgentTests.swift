import Foundation
import TestSupport
import Testing

@testable import AWSQuery

/// `User-Agent: plinv/<version>` on what the transport sends, seen by a loopback server.
@Suite struct UserAgentTests {
    @Test func everyRequestCarriesPlinvsUserAgent() async throws {
        let server = try await StubServers.shared.server("container")
        let response = try await CurlTransport().send(
            HTTPRequest(method: "GET", url: server.baseURL.appendingPathComponent("user-agent"), headers: [], body: []))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: String]
        #expect(object?["userAgent"] == "plinv/\(UserAgent.version)")
        #expect(UserAgent.header.hasPrefix("plinv/"))
    }

    @Test func theVersionIsTheOnePlinvPrints() throws {
        // The debug binary of this build (built with the tests): `plinv --version` and the User-Agent agree.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/plinv")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path))
        let result = try runProcessBlocking(executable: binary.path, arguments: ["--version"])
        #expect(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == UserAgent.version)
    }
}
