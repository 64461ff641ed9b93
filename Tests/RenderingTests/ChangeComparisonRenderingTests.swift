import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

/// Changes between two snapshots that share no successfully collected scope compare nothing: every format must say
/// so, and never "No changes.", which would read as "nothing was added or removed". A scope collected in only one of
/// the two is named as not compared.
@Suite struct ChangeComparisonRenderingTests {
    static let first = Scope(account: "111111111111", region: "eu-west-1")
    static let second = Scope(account: "222222222222", region: "eu-west-1")

    /// Changes from a snapshot of `earlier` to one of `later`, with no change found.
    static func input(earlier: [ScopeStatus], later: [ScopeStatus]) -> ReportInput {
        ReportInput(
            title: "PrivateLink changes", generatedAt: ReportFixtures.generatedAt,
            snapshot: ReportSnapshot(id: 2, takenAt: ReportFixtures.takenAt, status: .complete, scopes: later),
            comparedWith: ReportSnapshot(
                id: 1, takenAt: ReportFixtures.takenAt.addingTimeInterval(-3_600), status: .complete, scopes: earlier),
            changes: [], plinvVersion: "9.9.9")
    }

    static let disjoint = input(
        earlier: [ScopeStatus(scope: first, state: .ok)], later: [ScopeStatus(scope: second, state: .ok)])

    /// `input` rendered as `format`: `text` (the terminal's) or a `ReportFormat`.
    static func render(_ format: String, _ input: ReportInput) throws -> String {
        guard let reportFormat = ReportFormat(rawValue: format) else { return try TextRenderer().render(input) }
        return try reportFormat.makeRenderer(templateDirectory: nil).render(input)
    }

    @Test(arguments: ["md", "html", "text"])
    func snapshotsWithNoScopeInCommonSayNothingWasCompared(format: String) throws {
        let text = try Self.render(format, Self.disjoint).replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("Nothing was compared"))
        #expect(!text.contains("No changes."))
        #expect(text.contains("or removed): 111111111111 / eu-west-1, 222222222222 / eu-west-1."))
    }

    @Test func theJSONDocumentCountsNoScopeComparedAndNamesBoth() throws {
        let document = try JSONValue.parse(Data(try Self.render("json", Self.disjoint).utf8))
        #expect(document["changeCoverage"]?["compared"] == .integer(0))
        let notCompared = try #require(document["changeCoverage"]?["notCompared"]?.arrayValue)
        #expect(notCompared.map { $0["account"] } == [.string("111111111111"), .string("222222222222")])
    }

    @Test func sarifWarnsThatNothingWasCompared() throws {
        let log = try JSONValue.parse(Data(try Self.render("sarif", Self.disjoint).utf8))
        let notes = try #require(log["runs"]?[0]?["invocations"]?[0]?["toolExecutionNotifications"]?.arrayValue)
        #expect(notes.first?["message"]?["text"]?.stringValue?.hasPrefix("Nothing was compared") == true)
        #expect(notes.count == 3)
    }

    /// A scope that failed in the later snapshot is not compared; the one collected in both is, so "No changes."
    /// stands, beside the scope it does not cover.
    @Test(arguments: ["md", "html", "text"])
    func aScopeFailedOnOneSideIsNamedAndTheRestSaysNoChanges(format: String) throws {
        let input = Self.input(
            earlier: [ScopeStatus(scope: Self.first, state: .ok), ScopeStatus(scope: Self.second, state: .ok)],
            later: [
                ScopeStatus(scope: Self.first, state: .ok),
                ScopeStatus(scope: Self.second, state: .failed, error: "AccessDenied"),
            ])
        let text = try Self.render(format, input).replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("No changes."))
        #expect(!text.contains("Nothing was compared"))
        #expect(text.contains("Scopes not compared"))
        #expect(text.contains("or removed): 222222222222 / eu-west-1."))
    }

    /// Both snapshots collected every scope: nothing more than "No changes." is said.
    @Test(arguments: ["md", "html", "text"])
    func everyScopeComparedSaysOnlyNoChanges(format: String) throws {
        let both = [ScopeStatus(scope: Self.first, state: .ok)]
        let text = try Self.render(format, Self.input(earlier: both, later: both))
        #expect(text.contains("No changes."))
        #expect(!text.contains("Scopes not compared"))
        #expect(!text.contains("Nothing was compared"))
    }

    /// The first snapshot has nothing to be compared with: that is said, not "No changes.", and JSON has no coverage.
    @Test(arguments: ["md", "html", "text"])
    func theFirstSnapshotSaysThereIsNothingToCompareWith(format: String) throws {
        var input = Self.input(earlier: [], later: [ScopeStatus(scope: Self.first, state: .ok)])
        input.comparedWith = nil
        let text = try Self.render(format, input).replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("No earlier snapshot to compare with"))
        #expect(!text.contains("No changes."))
        #expect(!text.contains("Nothing was compared"))
        #expect(try JSONValue.parse(Data(try Self.render("json", input).utf8))["changeCoverage"] == nil)
    }

    /// An organisation's worth of scopes not compared is named twenty at a time, with how many more; JSON has them all.
    @Test func manyScopesNotComparedAreCountedPastTheFirstTwenty() throws {
        let scopes = (0..<45).map {
            ScopeStatus(scope: Scope(account: String(format: "%012d", $0), region: "eu-west-1"), state: .ok)
        }
        let input = Self.input(earlier: Array(scopes[..<1]), later: Array(scopes[1...]))
        // The Changes section only: the summary above it names the snapshot's scopes.
        let markdown = try #require(try Self.render("md", input).components(separatedBy: "## Changes").last)
        #expect(markdown.contains("000000000019 / eu-west-1 and 25 more (the JSON report lists them all)"))
        #expect(!markdown.contains("000000000020 / eu-west-1"))
        let json = try JSONValue.parse(Data(try Self.render("json", input).utf8))
        #expect(json["changeCoverage"]?["notCompared"]?.arrayValue?.count == 45)
        let log = try JSONValue.parse(Data(try Self.render("sarif", input).utf8))
        let notes = log["runs"]?[0]?["invocations"]?[0]?["toolExecutionNotifications"]?.arrayValue ?? []
        #expect(notes.count == 22)  // "nothing was compared", twenty scopes, and the 25 more
    }
}
