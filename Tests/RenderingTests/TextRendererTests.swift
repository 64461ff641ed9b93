import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

@Suite struct TextRendererTests {
    @Test func everyFindingShowsItsRuleTitleAndItsFix() throws {
        let text = try TextRenderer(width: 100).render(ReportFixtures.report())
        #expect(
            text.contains("Findings: 6 (critical 0, high 2, medium 1, low 1, info 2); scopes: 1 collected, 1 failed"))
        #expect(text.contains("HIGH  PL009 Endpoint security group open to the internet"))
        #expect(text.contains("  Fix: Limit ingress to the VPC's CIDR."))
        // The snapshot is partial: as in Markdown and HTML, the text says what that means for what is missing.
        #expect(
            text.replacingOccurrences(of: "\n", with: " ")
                .contains("The snapshot is partial: nothing in a failed scope is reported as missing."))
        // One block per finding, each with a Fix line.
        let blocks = text.components(separatedBy: "\n\n").filter {
            $0.hasPrefix("HIGH ") || $0.hasPrefix("MEDIUM ") || $0.hasPrefix("LOW ") || $0.hasPrefix("INFO ")
        }
        #expect(blocks.count == ReportFixtures.findings.count)
        #expect(blocks.allSatisfy { $0.contains("\n  Fix: ") })
        let drift = try #require(blocks.first { $0.contains("drift.changed") })
        #expect(drift.contains("Expected: true · Actual: false · Template: stacks/orders-service.yaml:42"))
    }

    @Test func textWrapsToTheWidthAndNeverCutsAnIdentifier() throws {
        var report = ReportFixtures.report()
        // Findings only: tables may be wider than the terminal when their identifiers are (they are never cut).
        (report.whoCanConnect, report.inventory, report.changes, report.notChecked, report.notVerified) = (
            nil, nil, nil, [], []
        )
        report.snapshot.scopes = [ScopeStatus(scope: ReportFixtures.scope, state: .ok)]
        let arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/orders-nlb/50dc6c495c0c9188"
        report.findings = [
            ReportFixtures.finding(
                "PL003", .high,
                message: "Principal \(arn) is allowed " + String(repeating: "and more words ", count: 20),
                remediation: String(repeating: "Do this and that. ", count: 12))
        ]
        for width in [40, 60, 100] {
            let text = try TextRenderer(width: width).render(report)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines where line.count > width {
                #expect(
                    !line.trimmingCharacters(in: .whitespaces).contains(" ") || line.contains(arn)
                        || line.contains("---"),
                    "width \(width): a line over the width that is not one long word: \(line)")
            }
            #expect(text.contains(arn), "the ARN is whole at width \(width)")
            #expect(text.contains("Fix: Do this and that."))
        }
    }

    @Test func theWidthComesFromCOLUMNS() {
        #expect(TextRenderer.terminalWidth(environment: ["COLUMNS": "132"]) == 132)
        #expect(TextRenderer.terminalWidth(environment: [:]) == 100)
        #expect(TextRenderer.terminalWidth(environment: ["COLUMNS": "wide"]) == 100)
        #expect(TextRenderer.terminalWidth(environment: ["COLUMNS": "10"]) == 40)
    }

    @Test func tablesStayAlignedAndCellsWrapInsteadOfBeingCut() throws {
        let text = try TextRenderer(width: 80).render(ReportFixtures.report())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Service ID") && $0.contains("Principal") })
        // The header may wrap onto a second line; the rule of dashes follows it.
        let rule = try #require(lines[header...].first { $0.hasPrefix("---") })
        #expect(rule.allSatisfy { $0 == "-" || $0 == " " })
        let columnStarts = rule.indices.filter {
            rule[$0] == "-" && (rule.startIndex == $0 || rule[rule.index(before: $0)] == " ")
        }
        #expect(columnStarts.count == 4)
        let row = try #require(
            lines[header...].first { $0.hasPrefix("vpce-svc-0a1b2c3d4e5f60718") && $0.contains("root") })
        #expect(row[columnStarts[1]...].hasPrefix("arn:aws:iam::\(ReportFixtures.consumer):root"), "columns line up")
        #expect(text.contains("arn:aws:iam::\(ReportFixtures.consumer):root"), "a principal ARN is never cut")
        #expect(!text.contains("…"), "nothing is cut with … in text")
    }

    @Test func controlCharactersCannotReachTheTerminal() throws {
        let hostile = "evil\u{1B}[2J\u{1B}]0;pwned\u{07}\r\nnext\u{202E}txt"
        let text = try TextRenderer(width: 1000).render(ReportFixtures.report(title: hostile, tag: hostile))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains("evil<U+001B>[2J<U+001B>]0;pwned<U+0007> next<U+202E>txt"))
    }
}
