import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// `plinv sql`: the documented views read compressed records through plinv's `plinv_body`, which the sqlite3 shell
/// does not have (Schema/README.md says so).
@Suite struct SqlCommandTests {
    @Test func theViewsReadThroughPlinvSqlInEachFormatAndNotInTheShell() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        try #require(try await scenario.collect().status == 0)
        let query = "select service_id, principal, consumer_account from who_can_connect order by 1, 2, 3"

        let text = try await scenario.plinv(["sql", query])
        #expect(text.status == 0, "\(text.stderrText)")
        let lines = text.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "service_id|principal|consumer_account")
        #expect(lines.count > 2)
        let rows = try #require(
            try JSONValue.parse(try await scenario.plinv(["sql", "--format", "json", query]).stdout)
                .arrayValue)
        #expect(rows.count == lines.count - 1)
        #expect(rows.allSatisfy { $0["service_id"]?.stringValue?.hasPrefix("vpce-svc-") == true })
        let csv = try await scenario.plinv(["sql", "--format", "csv", query]).stdoutText
        #expect(csv.hasPrefix("service_id,principal,consumer_account\r\n"))
        #expect(csv.components(separatedBy: "\r\n").count == lines.count + 1)

        let shell = try await runProcess(executable: "sqlite3", arguments: [scenario.database, query])
        #expect(shell.status != 0 && shell.stderrText.contains("no such function: plinv_body"))

        let refused = try await scenario.plinv(["sql", "delete from snapshot"])
        #expect(refused.status == 1 && refused.stderrText.contains("only reads"))
        #expect(try await scenario.plinv(["sql", "select count(*) from snapshot"]).stdoutText == "count(*)\n1\n")
    }
}
