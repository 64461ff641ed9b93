import Foundation
import Rendering
import Testing

@Suite struct TextRendererTests {
    @Test func printsSummaryFindingsAndInventoryInAlignedColumns() throws {
        let text = try TextRenderer().render(ReportFixtures.report())
        #expect(text.contains("Findings: 6 (critical 0, high 2, medium 1, low 1, info 2); scopes: 1 collected, 1 failed"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Severity  Rule") })
        #expect(lines[header + 1].allSatisfy { $0 == "-" || $0 == " " })
        let rows = lines[(header + 2)...].prefix { !$0.isEmpty }
        #expect(rows.count == 5)
        // Every row's second column starts where the header's does, after two spaces.
        for row in rows {
            let characters = Array(row)
            #expect(characters[8] == " " && characters[9] == " " && characters[10] != " ", "\(row)")
        }
        #expect(text.contains("Endpoint services\nService ID"))
    }

    @Test func controlCharactersCannotReachTheTerminal() throws {
        let hostile = "evil\u{1B}[2J\u{1B}]0;pwned\u{07}\r\nnext\u{202E}txt"
        let text = try TextRenderer().render(ReportFixtures.report(title: hostile, tag: hostile))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains("evil<U+001B>[2J<U+001B>]0;pwned<U+0007> next<U+202E>txt"))
    }
}
