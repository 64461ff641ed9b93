import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// kill -9 at random moments, two nightly runs at once, a reader while a writer writes: the database stays whole.
@Suite struct CrashAndConcurrencyTests {
    /// Writes the nightly-job configuration for a seeded scenario (the demo's generator) and returns its path.
    static func writeConfig(_ scenario: ArticleScenario) async throws -> String {
        let seed = scenario.directory.file("seed.json")
        try scenario.summary.canonicalData().write(to: seed)
        _ = try await scenario.peer.runPython(
            Peer.scriptsDirectory.appendingPathComponent("demo_config.py"),
            arguments: [
                "--seed", seed.path, "--endpoint-url", scenario.peer.url.absoluteString,
                "--out", scenario.directory.url.path,
            ])
        return scenario.directory.file("plinv.yaml").path
    }

    /// `PRAGMA integrity_check` through the sqlite3 shell, as a user would run it.
    static func integrity(_ database: String) async throws -> String {
        let result = try await runProcess(executable: "sqlite3", arguments: [database, "PRAGMA integrity_check;"])
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func killedCollectsAndRunsLeaveOnlyWholeSnapshots() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let config = try await Self.writeConfig(scenario)
        let database = scenario.directory.file("plinv.sqlite").path
        let environment = try await scenario.plinvEnvironment()
        let reference = try await scenario.collect()
        try #require(reference.status == 0)
        let complete = try JSONValue.parse(try await scenario.plinv(["snapshots", "--format", "json"]).stdout)
        let wholeCounts = try #require(complete["snapshots"]?.arrayValue?.first?["counts"])

        var generator = SystemRandomNumberGenerator()
        let trials = 12
        var killed = 0
        for trial in 0..<trials {
            let arguments =
                trial.isMultiple(of: 2)
                ? ["run", "--config", config, "--quiet"]
                : [
                    "collect", "--quiet", "--endpoint-url", scenario.peer.url.absoluteString,
                    "--role-arn", "arn:aws:iam::\(scenario.provider):role/plinv-read",
                    "--role-arn", "arn:aws:iam::\(scenario.consumer):role/plinv-read",
                    "--region", "eu-west-1", "--region", "us-east-1", "--db", database,
                ]
            let process = try ChildProcess(
                executable: PlinvBinary.url.path, arguments: arguments, environment: environment, standardError: .null)
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &generator)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            _ = await process.status()
            #expect(try await Self.integrity(database) == "ok", "integrity after trial \(trial)")
        }

        let listing = try JSONValue.parse(try await scenario.plinv(["snapshots", "--format", "json"]).stdout)
        let snapshots = listing["snapshots"]?.arrayValue ?? []
        for snapshot in snapshots {
            #expect(snapshot["counts"] == wholeCounts, "snapshot \(snapshot["id"] ?? .null) is not whole")
            let id = snapshot["id"]?.intValue ?? 0
            let inventory = try await scenario.plinv(["inventory", "--snapshot", "\(id)", "--format", "json"])
            #expect(inventory.status == 0)
        }
        let after = try await scenario.collect()
        #expect(after.status == 0, "the next run succeeds: \(after.stderrText)")
        print("crash: \(trials) trials, \(killed) killed mid-run, \(snapshots.count) whole snapshots, integrity ok")
    }

    @Test func twoRunsAtOnceBothLandAndAReaderReadsMeanwhile() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let config = try await Self.writeConfig(scenario)
        let environment = try await scenario.plinvEnvironment()
        _ = try await scenario.collect()
        async let first = PlinvBinary.run(["run", "--config", config, "--quiet"], environment: environment)
        async let second = PlinvBinary.run(["run", "--config", config, "--quiet"], environment: environment)
        async let reader = PlinvBinary.run(["inventory", "--format", "json"], environment: environment)
        let results = try await [first, second]
        for result in results {
            #expect([0, 2].contains(result.status), "a concurrent run failed: \(result.stderrText)")
        }
        let read = try await reader
        #expect(read.status == 0)
        #expect(try JSONValue.parse(read.stdout)["snapshot"]?["status"] == .string("complete"))
        let listing = try JSONValue.parse(try await scenario.plinv(["snapshots", "--format", "json"]).stdout)
        #expect(listing["snapshots"]?.arrayValue?.count == 3)
        #expect(try await Self.integrity(scenario.database) == "ok")
        let reports = try FileManager.default.contentsOfDirectory(atPath: scenario.directory.file("reports").path)
        #expect(reports.contains("latest.html") && reports.contains("latest.md") && reports.contains("latest.json"))
    }
}
