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

    /// Collecting loads libcurl when it makes its first request; auditing the snapshot it stored does not.
    @Test func collectLoadsLibcurlAndAnAuditOfTheDatabaseDoesNot() async throws {
        let scenario = try await ArticleScenario.seed()
        let collected = try await scenario.collect(extra: ["--quiet"])
        #expect(collected.status == 0, "\(collected.stderrText)")
        let loaded = try await PlinvBinary.run(
            ["collect", "--quiet", "--endpoint-url", scenario.peer.url.absoluteString, "--region", "eu-west-1"],
            environment: try await scenario.plinvEnvironment().merging(["LD_DEBUG": "files"]) { $1 })
        #expect(loaded.status == 0, "\(Self.libcurlLines(loaded))")
        #expect(
            Self.libcurlLines(loaded).contains {
                $0.contains("file=libcurl.so.4") && $0.contains("dynamically loaded by")
            }, "\(Self.libcurlLines(loaded))")
        let audited = try await PlinvBinary.run(
            ["audit", "--format", "json", "-o", scenario.directory.file("audit.json").path, "--fail-on", "none"],
            environment: try await scenario.plinvEnvironment().merging(["LD_DEBUG": "files"]) { $1 })
        #expect(audited.status == 0, "\(audited.stderrText.suffix(2000))")
        #expect(audited.stderrText.contains("file="), "the loader reported what it loaded")
        #expect(Self.libcurlLines(audited) == [])
    }
}
