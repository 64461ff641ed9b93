import Foundation
import TestSupport
import Testing

/// `plinv run` checks what would fail after collecting before it collects: a wrong path in the configuration costs
/// seconds, not a night's collect whose report is never written.
@Suite struct RunPreflightTests {
    @Test(arguments: [
        ("suppressions: missing-suppressions.yaml\n", "missing-suppressions.yaml"),
        (
            "templates:\n  - file: templates/missing.yaml\n    account: '111111111111'\n    region: eu-west-1\n",
            "templates/missing.yaml"
        ),
        ("reports:\n  directory: a-file\n", "a-file"),
    ])
    func aWrongPathFailsBeforeAnythingIsCollected(extra: String, named: String) async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        _ = try scenario.directory.write("not a folder\n", to: "a-file")
        let config = try scenario.directory.write(
            "database: plinv.sqlite\nendpointUrl: \(scenario.peer.url.absoluteString)\nregions: [eu-west-1]\n" + extra,
            to: "plinv.yaml")
        let result = try await scenario.plinv(["run", "--config", config.path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderrText.contains(named), "\(result.stderrText)")
        // Nothing was collected: no database was even made.
        #expect(!FileManager.default.fileExists(atPath: scenario.directory.file("plinv.sqlite").path))
    }
}
