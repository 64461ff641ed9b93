import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// The same snapshot renders byte-identical reports on any day when SOURCE_DATE_EPOCH is set, in every format.
@Suite struct ReproducibleReportTests {
    @Test func twoRendersASecondApartAreIdentical() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let collected = try await scenario.collect()
        try #require(collected.status == 0, "\(collected.stderrText)")
        var environment = try await scenario.plinvEnvironment()
        environment["SOURCE_DATE_EPOCH"] = "1790000000"
        for command in [["audit"], ["inventory"], ["report", "--trusted-account", scenario.consumer]] {
            for format in ["text", "md", "html", "json", "sarif"] {
                let failOn = command == ["inventory"] ? [] : ["--fail-on", "none"]
                let arguments = command + ["--format", format] + failOn
                let first = try await PlinvBinary.run(arguments, environment: environment)
                try await Task.sleep(for: .milliseconds(1_100))
                let second = try await PlinvBinary.run(arguments, environment: environment)
                #expect(first.status == 0, "\(arguments): \(first.stderrText)")
                #expect(first.stdout == second.stdout, "\(arguments) differs between two renders")
                if format == "json" && command != ["inventory"] {
                    #expect(try JSONValue.parse(first.stdout)["generatedAt"] == .string("2026-09-21T14:13:20Z"))
                }
            }
        }
        environment["SOURCE_DATE_EPOCH"] = "yesterday"
        let refused = try await PlinvBinary.run(["audit", "--format", "md"], environment: environment)
        #expect(refused.status == 1 && refused.stderrText.contains("SOURCE_DATE_EPOCH"))
    }
}
