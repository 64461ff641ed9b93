import Foundation
import PrivateLinkModel
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

    /// A library found in libcurl's place that is not libcurl (`LD_LIBRARY_PATH` naming libm `libcurl.so.4`) fails
    /// the collect with why, and nothing is stored.
    @Test func aLibraryInLibcurlsPlaceThatIsNotLibcurlFailsTheCollectWithWhy() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let libraries = scenario.directory.file("not-libcurl")
        try FileManager.default.createDirectory(at: libraries, withIntermediateDirectories: true)
        let libm = try #require(
            ["/lib/x86_64-linux-gnu/libm.so.6", "/lib/aarch64-linux-gnu/libm.so.6", "/lib64/libm.so.6"].first {
                FileManager.default.fileExists(atPath: $0)
            })
        try FileManager.default.createSymbolicLink(
            atPath: libraries.appendingPathComponent("libcurl.so.4").path, withDestinationPath: libm)
        let result = try await PlinvBinary.run(
            ["collect", "--endpoint-url", scenario.peer.url.absoluteString, "--region", "eu-west-1"],
            environment: try await scenario.plinvEnvironment().merging(["LD_LIBRARY_PATH": libraries.path]) { $1 })
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(
            result.stderrText.contains("libcurl.so.4 has no curl_global_init: it is not a libcurl plinv can use"),
            "\(result.stderrText)")
        let listing = try await scenario.plinv(["snapshots", "--format", "json"])
        #expect(try JSONValue.parse(listing.stdout)["snapshots"]?.arrayValue?.isEmpty == true)
    }
}
