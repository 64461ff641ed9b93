import Drift
import Mustache
import Testing

@testable import Rendering

/// The views answer template keys as typed values, not through `Mirror`; a key a view forgot would render as missing, so
/// each must answer exactly what `Mirror` sees, and as the same kind of value.
@Suite struct TemplateFieldsTests {
    /// Every view of a report with every section, and the values nested in them.
    static func views() -> [any TemplateFields] {
        var views: [any TemplateFields] = []
        func collect(_ value: Any) {
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional || mirror.displayStyle == .collection {
                mirror.children.forEach { collect($0.value) }
                return
            }
            guard mirror.displayStyle == .struct || mirror.displayStyle == .class,
                let view = value as? any TemplateFields
            else { return }
            views.append(view)
            mirror.children.forEach { collect($0.value) }
        }
        collect(ReportView(HostileInputTests.report(), limits: .unlimited))
        collect(ReportView(ReportFixtures.report(), limits: .unlimited))
        return views
    }

    /// The case of a value, without its payload.
    static func kind(_ value: TemplateValue) -> String {
        switch value {
        case .missing: "missing"
        case .text: "text"
        case .number: "number"
        case .flag: "flag"
        case .object, .fields: "fields"
        case .list: "list"
        case .other: "other"
        }
    }

    @Test func everyViewAnswersExactlyItsStoredProperties() {
        let views = Self.views()
        let types = Set(views.map { "\(type(of: $0))" })
        #expect(types.count >= 15, "views found: \(types.sorted())")
        #expect(types.contains("FindingRowView"), "a view that is a class is checked too")
        for view in views {
            for child in Mirror(reflecting: view).children {
                guard let label = child.label else { continue }
                #expect(TemplateKey(rawValue: label) != nil, "\(type(of: view)).\(label) has no view key")
                // swift-mustache's answer: the stored value, an optional unwrapped.
                let answered = view.child(named: label).map { String(describing: $0) }
                let stored =
                    Mirror(reflecting: child.value).displayStyle == .optional
                    ? Mirror(reflecting: child.value).children.first.map { String(describing: $0.value) }
                    : String(describing: child.value)
                #expect(answered == stored, "\(type(of: view)).\(label)")
                // The streaming renderer's answer: the kind of value a cast of the stored value finds.
                #expect(
                    Self.kind(view.field(named: label)) == Self.kind(TemplateValue(any: child.value)),
                    "\(type(of: view)).\(label)")
            }
            #expect(view.child(named: "noSuchKey") == nil)
            #expect(Self.kind(view.field(named: "noSuchKey")) == "missing")
        }
    }

    /// A view that is a class (a finding row) is held by reference, wherever its value comes from; a view that is a
    /// struct is held as a view all the same.
    @Test func aViewThatIsAClassIsHeldByReference() throws {
        let views = Self.views()
        let row = try #require(views.lazy.compactMap { $0 as? FindingRowView }.first)
        for value in [row.templateValue, TemplateValue(any: row), TemplateValue(Optional(row)), [row].item(at: 0)] {
            guard case .object(let held) = value else {
                Issue.record("a finding row is held as \(Self.kind(value)), not by reference")
                continue
            }
            #expect(held === row)
        }
        let table = try #require(views.lazy.compactMap { $0 as? TableView }.first)
        if case .fields = TemplateValue(any: table) {
        } else {
            Issue.record("a table view is held as \(Self.kind(TemplateValue(any: table)))")
        }
    }

    @Test func valuesAreToldApartAsSwiftMustacheTellsThem() {
        let absent: String? = nil
        #expect(Self.kind(TemplateValue(any: absent)) == "missing")
        #expect(Self.kind(TemplateValue(any: Optional("a") as Any)) == "text")
        #expect(Self.kind(TemplateValue(any: 3)) == "number")
        #expect(Self.kind(TemplateValue(any: false)) == "flag")
        #expect(Self.kind(TemplateValue(any: ["a", "b"])) == "list")
        #expect(Self.kind(TemplateValue(any: [RowView(["a"])])) == "list")
        #expect(Self.kind(TemplateValue(any: [1, 2])) == "other", "a list of numbers is swift-mustache's to iterate")
        #expect(Self.kind(TemplateValue(any: RowView(["a"]))) == "fields")
        #expect(Self.kind(TemplateValue(any: ["k": "v"])) == "other")
        let dictionary = TemplateValue(any: ["k": "v"])
        #expect(Self.kind(dictionary.child("k", key: nil)) == "text", "a dictionary answers as a parent")
    }
}

/// A finding row's two cells worked out when read answer their keys as the stored ones do.
@Suite struct FindingRowCellsTests {
    /// Rows reuse the scope text of the row before while the scope is the same: a change of region or of account
    /// alone still gets its own text.
    @Test func eachRowNamesItsOwnScope() {
        let scopes = [
            ("111111111111", "eu-west-1"), ("111111111111", "eu-west-1"), ("111111111111", "us-east-1"),
            ("222222222222", "us-east-1"), ("111111111111", "us-east-1"),
        ]
        let findings = scopes.enumerated().map { index, scope in
            Finding(
                id: "f\(index)", kind: .audit, rule: "PL008", severity: .medium, resourceType: "AWS::EC2::VPCEndpoint",
                resourceId: "vpce-\(index)", account: scope.0, region: scope.1, message: "m")
        }
        let section = FindingsSectionView(findings, limits: .unlimited)
        let rows = section.groups.flatMap(\.rows)
        #expect(rows.count == findings.count)
        for row in rows {
            let finding = findings.first { $0.resourceId == row.resourceId }!
            #expect(row.scope == "\(finding.account) / \(finding.region)", "\(row.resourceId)")
        }
    }

    /// Two spellings of one region (é as one scalar, and e with a combining accent) are equal as Swift compares
    /// strings, and sort side by side: each row still prints its own finding's bytes.
    @Test func eachRowPrintsItsOwnSpellingOfTheScope() {
        let regions = ["caf\u{E9}", "cafe\u{301}", "caf\u{E9}"]
        let findings = regions.enumerated().map { index, region in
            Finding(
                id: "f\(index)", kind: .audit, rule: "PL008", severity: .medium, resourceType: "AWS::EC2::VPCEndpoint",
                resourceId: "vpce-\(index)", account: "111111111111", region: region, message: "m")
        }
        let rows = FindingsSectionView(findings, limits: .unlimited).groups.flatMap(\.rows)
        #expect(rows.count == findings.count)
        for row in rows {
            let finding = findings.first { $0.resourceId == row.resourceId }!
            #expect(Array(row.scope.utf8) == Array("111111111111 / \(finding.region)".utf8), "\(row.resourceId)")
        }
    }

    static func row(logicalId: String?, attribute: String?, remediation: String?) -> FindingRowView {
        let finding = Finding(
            id: "f1", kind: .changed, rule: "drift.changed", severity: .high,
            resourceType: "AWS::EC2::VPCEndpointService", resourceId: "vpce-svc-1", logicalId: logicalId,
            account: "111111111111", region: "eu-west-1", attribute: attribute, message: "It changed.",
            remediation: remediation)
        return FindingRowView(
            finding, rule: "drift.changed Changed", scope: ValueText.scope(of: finding), expected: "—", actual: "—",
            expectedJSON: nil, actualJSON: nil,
            remediation: remediation, message: finding.message)
    }

    /// The row answers `key` with `text`, to the streaming renderer and to swift-mustache alike.
    static func expect(_ row: FindingRowView, answers key: TemplateKey, with text: String) {
        guard case .text(let answer) = row.field(key) else {
            Issue.record("\(key) is not text")
            return
        }
        #expect(answer == text)
        #expect(row.child(named: key.rawValue) as? String == text)
    }

    @Test func theResourceCellNamesTypeIdLogicalIdAndAttribute() {
        let full = Self.row(logicalId: "MyService", attribute: "AcceptanceRequired", remediation: nil)
        #expect(full.resource == "VPCEndpointService vpce-svc-1 (MyService) · AcceptanceRequired")
        let bare = Self.row(logicalId: nil, attribute: nil, remediation: nil)
        #expect(bare.resource == "VPCEndpointService vpce-svc-1")
        for row in [full, bare] { Self.expect(row, answers: .resource, with: row.resource) }
    }

    @Test func theDetailsCellJoinsMessageAndFix() {
        let fixed = Self.row(logicalId: nil, attribute: nil, remediation: "Turn it back on.")
        #expect(fixed.details == "It changed. Fix: Turn it back on.")
        let unfixed = Self.row(logicalId: nil, attribute: nil, remediation: nil)
        #expect(unfixed.details == "It changed.")
        for row in [fixed, unfixed] { Self.expect(row, answers: .details, with: row.details) }
    }

    /// Every view lends exactly the text fields `field(_:)` answers, byte for byte, and no other field: the renderer
    /// writes what it lends without asking `field(_:)`.
    @Test func aViewLendsTheTextItAnswers() {
        let rows = [
            Self.row(logicalId: "MyService", attribute: "AcceptanceRequired", remediation: "Turn it back on."),
            Self.row(logicalId: nil, attribute: nil, remediation: nil),
        ]
        var lent = 0
        for view in TemplateFieldsTests.views() + rows.map({ $0 as any TemplateFields }) {
            for key in TemplateKey.allCases {
                var text: String?
                let answered = view.withText(key) { text = $0 }
                if case .text(let expected) = view.field(key) {
                    #expect(answered && text.map { Array($0.utf8) } == Array(expected.utf8), "\(type(of: view)).\(key)")
                    lent += 1
                } else {
                    #expect(!answered && text == nil, "\(type(of: view)).\(key) is not text")
                }
            }
        }
        #expect(lent > 100)
    }
}
