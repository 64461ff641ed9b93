import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// Issue 10's history check: the demo's nights through `plinv run`. One problem once (each carrying all its
/// findings), new on the night it appears, recurring the night after with its first-seen time, resolved when fixed;
/// an accepted risk takes a problem out of the exit code until it expires.
@Suite struct ProblemLifecycleEndToEndTests {
    static let outsider = "arn:aws:iam::999999999999:root"

    /// The scenario with the demo's configuration written next to its database.
    struct Nights {
        let scenario: ArticleScenario
        var config: String { scenario.directory.file("plinv.yaml").path }

        static func prepare() async throws -> Nights {
            let scenario = try await ArticleScenario.seed()
            let seed = try scenario.directory.write(
                String(decoding: scenario.summary.canonicalData(), as: UTF8.self), to: "seed.json")
            _ = try await scenario.peer.runPython(
                Peer.scriptsDirectory.appendingPathComponent("demo_config.py"),
                arguments: [
                    "--seed", seed.path, "--endpoint-url", scenario.peer.url.absoluteString,
                    "--out", scenario.directory.url.path,
                ])
            return Nights(scenario: scenario)
        }

        /// One nightly run; returns its exit code and the JSON report it wrote.
        func run() async throws -> (status: Int32, report: JSONValue) {
            let result = try await scenario.plinv(["run", "--config", config, "--quiet"])
            let latest = scenario.directory.file("reports/latest.json")
            return (result.status, try JSONValue.parse(try Data(contentsOf: latest)))
        }

        func report(_ extra: [String]) async throws -> (status: Int32, report: JSONValue) {
            let result = try await scenario.plinv(["report", "--config", config, "--format", "json"] + extra)
            return (result.status, try JSONValue.parse(result.stdout))
        }
    }

    static func problems(_ report: JSONValue) -> [JSONValue] { report["problems"]?.arrayValue ?? [] }

    /// The one problem whose rules include all of `rules` in `region`; nil unless there is exactly one.
    static func problem(_ report: JSONValue, rules: Set<String>, region: String) -> JSONValue? {
        let matching = problems(report).filter { problem in
            problem["region"]?.stringValue == region
                && rules.isSubset(of: Set((problem["rules"]?.arrayValue ?? []).compactMap(\.stringValue)))
        }
        return matching.count == 1 ? matching[0] : nil
    }

    @Test func problemsAreNewThenRecurringThenResolvedAndAcceptedRisksExpire() async throws {
        let nights = try await Nights.prepare()
        defer { nights.scenario.directory.remove() }
        let first = try await nights.run()
        #expect(first.status == 0)

        _ = try await nights.scenario.mutate(
            ["add-principal", "acceptance-off", "widen-sg"], extraPrincipal: Self.outsider)
        let second = try await nights.run()
        #expect(second.status == 2)
        let findings = Dictionary(
            (second.report["findings"]?.arrayValue ?? []).map { ($0["id"]?.stringValue ?? "", $0) }
        ) { a, _ in a }
        // Every finding is in exactly one problem, and every problem's findings exist.
        let listed = Self.problems(second.report).flatMap {
            ($0["findingIds"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        #expect(listed.sorted() == findings.keys.sorted())
        // The summary counts what is listed.
        let counted = Self.problems(second.report).filter {
            $0["lifecycle"] != .string("resolved") && $0["suppression"] == nil
        }
        for severity in ["critical", "high", "medium", "low", "info"] {
            #expect(
                second.report["problemSummary"]?[severity]?.intValue
                    == counted.filter { $0["severity"] == .string(severity) }.count, "\(severity)")
        }
        let causes: [(String, Set<String>)] = [
            ("open security group", ["PL009", "drift.rule.extra", "change.ingress.opened"]),
            ("untrusted principal", ["PL003", "drift.principal.extra", "change.principal.granted"]),
            ("acceptance off", ["PL006", "drift.changed", "change.acceptance.disabled"]),
        ]
        var firstSeen: [String: JSONValue] = [:]
        for region in ArticleScenario.regions {
            for (name, rules) in causes {
                let problem = Self.problem(second.report, rules: rules, region: region)
                #expect(problem != nil, "\(name) in \(region) is not exactly one problem")
                #expect(problem?["lifecycle"] == .string("new"), "\(name) in \(region)")
                #expect(problem?["severity"] == .string("high"), "\(name) in \(region)")
                firstSeen["\(name) \(region)"] = problem?["id"] ?? .null
            }
        }

        let third = try await nights.run()
        #expect(third.status == 2)
        let secondTaken = second.report["snapshot"]?["takenAt"]
        for region in ArticleScenario.regions {
            for (name, rules) in causes {
                // The changes are gone (nothing changed): the audit and drift findings carry the problem on.
                let remaining = rules.filter { !$0.hasPrefix("change.") }
                let problem = Self.problem(third.report, rules: remaining, region: region)
                #expect(problem?["lifecycle"] == .string("recurring"), "\(name) in \(region)")
                #expect(problem?["id"] == firstSeen["\(name) \(region)"], "\(name) in \(region) kept its id")
                #expect(problem?["firstSeen"] == secondTaken, "\(name) in \(region)")
            }
        }

        _ = try await nights.scenario.mutate(["narrow-sg"])
        let fourth = try await nights.run()
        for region in ArticleScenario.regions {
            let resolved = Self.problems(fourth.report).filter {
                $0["lifecycle"] == .string("resolved") && $0["region"]?.stringValue == region
            }
            #expect(resolved.map { $0["id"] } == [firstSeen["open security group \(region)"] ?? .null])
        }

        // Accept the two remaining high risks: no high problem counts, so --fail-on high passes…
        let accepted = """
            suppressions:
              - rule: PL003
                account: "\(nights.scenario.provider)"
                reason: The partner account is onboarding
                owner: platform
                expires: 2999-12-31
              - rule: PL006
                reason: Acceptance is off during the migration
                owner: platform
                expires: 2999-12-31
              - rule: PL001
                reason: Nothing matches this one
                owner: platform
            """
        let file = try nights.scenario.directory.write(accepted, to: "suppressions.yaml")
        let quiet = try await nights.report(["--suppressions", file.path, "--fail-on", "high"])
        #expect(quiet.status == 0, "\(quiet.report["problemSummary"] ?? .null)")
        let suppressed = Self.problems(quiet.report).filter { $0["suppression"]?["inForce"] == .bool(true) }
        #expect(suppressed.count == 4)  // principal and acceptance, in two regions
        #expect(quiet.report["problemSummary"]?["high"] == .integer(0))
        // …and when the acceptance has expired, they count again and say so.
        let expired = accepted.replacingOccurrences(of: "2999-12-31", with: "2020-01-31")
        let lapsed = try await nights.report(
            [
                "--suppressions", try nights.scenario.directory.write(expired, to: "expired.yaml").path, "--fail-on",
                "high",
            ])
        #expect(lapsed.status == 2)
        #expect(Self.problems(lapsed.report).filter { $0["suppression"]?["inForce"] == .bool(false) }.count == 4)
    }
}
