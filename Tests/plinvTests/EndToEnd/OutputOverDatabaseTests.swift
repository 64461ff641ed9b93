import Foundation
import TestSupport
import Testing

/// `-o` naming the database is refused before the command does anything: the snapshots stay readable and `report`
/// records no report run for a report it could not write (the next one's new and recurring problems would shift).
@Suite struct OutputOverDatabaseTests {
    @Test func aReportAimedAtTheDatabaseWritesNothingAndStoresNothing() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        try #require(try await scenario.collect().status == 0)
        let link = scenario.directory.file("latest.md").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: scenario.database)
        let before = try Data(contentsOf: URL(fileURLWithPath: scenario.database))

        for arguments in [
            ["report", "--trusted-account", "111111111111", "-o", scenario.database],
            ["report", "--trusted-account", "111111111111", "--format", "json", "-o", link],
            ["audit", "-o", scenario.database + "-wal"],
            ["inventory", "-o", link],
        ] {
            let refused = try await scenario.plinv(arguments)
            #expect(refused.status == 1, "\(arguments)")
            #expect(refused.stderrText.contains("is the database"), "\(arguments): \(refused.stderrText)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scenario.database)) == before)
        let runs = try await scenario.plinv(["sql", "select count(*) from report_run"])
        #expect(runs.stdoutText == "count(*)\n0\n", "\(runs.stderrText)")
        #expect(try await scenario.plinv(["snapshots"]).status == 0)
    }
}
