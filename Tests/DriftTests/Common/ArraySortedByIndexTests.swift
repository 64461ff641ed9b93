import Testing
@testable import Drift

/// `sortedByIndex(by:)` must order exactly as `sorted(by:)` does, equal elements included.
@Suite struct ArraySortedByIndexTests {
    /// A key that sorts and a payload that does not, so that the order among equal keys is visible.
    struct Item: Equatable {
        var key: Int
        var payload: String
    }

    @Test func ordersAsTheStandardStableSort() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 17, 64, 65, 1_000, 5_000] {
            let items = (0..<size).map { index in
                Item(key: Int.random(in: 0..<max(1, size / 4), using: &generator), payload: "item \(index)")
            }
            let expected = items.sorted { $0.key < $1.key }
            #expect(items.sortedByIndex { $0.pointee.key < $1.pointee.key } == expected, "\(size) items")
            #expect(
                items.sortedByIndex { $0.pointee.key > $1.pointee.key } == items.sorted { $0.key > $1.key },
                "\(size) items")
            // Already in order: handed back as it is.
            #expect(expected.sortedByIndex { $0.pointee.key < $1.pointee.key } == expected, "\(size) items")
            // In place, through every cycle of the permutation; a sorted copy leaves the original as it was.
            var inPlace = items
            inPlace.sortByIndex { $0.pointee.key < $1.pointee.key }
            #expect(inPlace == expected, "\(size) items")
        }
    }

    @Test func aSortedCopyLeavesTheOriginalAsItWas() {
        let items = [3, 1, 2, 0].map { Item(key: $0, payload: "\($0)") }
        let sorted = items.sortedByIndex { $0.pointee.key < $1.pointee.key }
        #expect(sorted.map(\.key) == [0, 1, 2, 3])
        #expect(items.map(\.key) == [3, 1, 2, 0])
    }

    @Test func problemsOrderAsTheTupleComparisonTheyUsedTo() {
        var generator = SystemRandomNumberGenerator()
        func pick(_ choices: [String]) -> String { choices.randomElement(using: &generator) ?? "" }
        let problems = (0..<2_000).map { index in
            Problem(
                id: "P-\(index)", severity: Severity.allCases.randomElement(using: &generator) ?? .info, title: "t",
                remediation: nil, resourceType: "AWS::EC2::VPCEndpoint", resourceId: pick(["vpce-1", "vpce-2", "a"]),
                principal: [nil, "", "arn:aws:iam::1:root"].randomElement(using: &generator) ?? nil,
                account: pick(["111111111111", "222222222222"]), region: pick(["eu-west-1", "us-east-1"]),
                topic: pick(["existence", "PolicyDocument", "AllowedPrincipals"]), findingIds: [], rules: [],
                source: nil, isEvent: false)
        }
        let before = problems.sorted {
            ($1.severity, $0.account, $0.region, $0.resourceId, $0.principal ?? "", $0.topic)
                < ($0.severity, $1.account, $1.region, $1.resourceId, $1.principal ?? "", $1.topic)
        }
        #expect(problems.sortedForReport().map(\.id) == before.map(\.id))
    }

    @Test func findingsOrderAsTheTupleComparisonTheyUsedTo() {
        var generator = SystemRandomNumberGenerator()
        func pick(_ choices: [String]) -> String { choices.randomElement(using: &generator) ?? "" }
        let findings = (0..<2_000).map { index in
            Finding(
                id: pick(["f1", "f2", "f3"]) + "-\(index % 7)", kind: .audit, rule: pick(["PL001", "PL008", "PL009"]),
                severity: Severity.allCases.randomElement(using: &generator) ?? .info,
                resourceType: pick(["AWS::EC2::VPCEndpoint", "AWS::EC2::SecurityGroup"]),
                resourceId: pick(["vpce-1", "vpce-2", "sg-1"]), account: "111111111111", region: "eu-west-1",
                attribute: [nil, "", "PolicyDocument"].randomElement(using: &generator) ?? nil, expected: nil,
                actual: nil, message: "finding \(index)", remediation: nil, source: nil)
        }
        let before = findings.sorted {
            ($1.severity, $0.resourceType, $0.resourceId, $0.attribute ?? "", $0.rule, $0.id)
                < ($0.severity, $1.resourceType, $1.resourceId, $1.attribute ?? "", $1.rule, $1.id)
        }
        #expect(findings.sortedForReport().map(\.message) == before.map(\.message))
        var inPlace = findings
        inPlace.sortForReport()
        #expect(inPlace.map(\.message) == before.map(\.message))
    }

    @Test func problemsWithAndWithoutAPrincipalOrderAsBefore() {
        // nil and "" are the same principal for the order; the topic then decides.
        let base = Problem(
            id: "P-1", severity: .high, title: "t", remediation: nil, resourceType: "AWS::EC2::VPCEndpointService",
            resourceId: "vpce-svc-1", principal: nil, account: "111111111111", region: "eu-west-1", topic: "b",
            findingIds: [], rules: [], source: nil, isEvent: false)
        var empty = base
        empty.principal = ""
        empty.topic = "a"
        #expect([base, empty].sortedForReport().map(\.topic) == ["a", "b"])
        #expect([empty, base].sortedForReport().map(\.topic) == ["a", "b"])
    }
}
