import Drift
import Foundation
import PrivateLinkModel
import Testing

/// One problem once: the findings that show one root cause on one resource become one problem.
@Suite struct ProblemTests {
    static let account = "111111111111"
    static let region = "eu-west-1"
    static let outsider = "arn:aws:iam::999999999999:root"

    static func finding(
        _ rule: String, _ kind: Finding.Kind, _ severity: Severity, type: String = "AWS::EC2::SecurityGroup",
        resource: String, attribute: String?, actual: JSONValue? = nil, expected: JSONValue? = nil,
        source: Drift.SourceLocation? = nil, region: String = region
    ) -> Finding {
        Finding(
            id: FindingID.make(
                kind: kind, rule: rule, account: account, region: region, resourceId: resource,
                attribute: attribute, principal: actual?.stringValue),
            kind: kind, rule: rule, severity: severity, resourceType: type, resourceId: resource, account: account,
            region: region, attribute: attribute, expected: expected, actual: actual, message: "\(rule) on \(resource)",
            remediation: "fix \(rule)", source: source)
    }

    /// The demo's second night: an open security group, an untrusted principal and acceptance turned off, each seen
    /// by the audit, by drift and by the change detector.
    static let night = [
        finding("PL009", .audit, .high, resource: "sg-1", attribute: "IpPermissions"),
        finding(
            "drift.rule.extra", .changed, .high, resource: "sg-1", attribute: "SecurityGroupIngress",
            source: Drift.SourceLocation(file: "consumer.yaml", line: 80)),
        finding("change.ingress.opened", .change, .high, resource: "sg-1", attribute: "IpPermissions"),
        finding(
            "PL003", .audit, .high, type: "AWS::EC2::VPCEndpointServicePermissions", resource: "vpce-svc-1",
            attribute: "AllowedPrincipals", actual: .string(outsider)),
        finding(
            "drift.principal.extra", .unmanaged, .high, type: "AWS::EC2::VPCEndpointServicePermissions",
            resource: "vpce-svc-1", attribute: "AllowedPrincipals", actual: .string(outsider)),
        finding(
            "change.principal.granted", .change, .medium, type: "AWS::EC2::VPCEndpointServicePermissions",
            resource: "vpce-svc-1", attribute: "AllowedPrincipals", actual: .string(outsider)),
        finding(
            "PL006", .audit, .medium, type: "AWS::EC2::VPCEndpointService", resource: "vpce-svc-1",
            attribute: "AcceptanceRequired", actual: .bool(false)),
        finding(
            "drift.changed", .changed, .high, type: "AWS::EC2::VPCEndpointService", resource: "vpce-svc-1",
            attribute: "AcceptanceRequired", actual: .bool(false), expected: .bool(true)),
        finding(
            "change.acceptance.disabled", .change, .high, type: "AWS::EC2::VPCEndpointService",
            resource: "vpce-svc-1", attribute: "AcceptanceRequired", actual: .bool(false)),
    ]

    @Test func eachRootCauseIsOneProblemCarryingAllItsFindings() {
        let problems = ProblemGrouper().problems(of: Self.night)
        #expect(problems.count == 3)
        let group = problems.first { $0.resourceId == "sg-1" }
        #expect(group?.rules == ["PL009", "change.ingress.opened", "drift.rule.extra"])
        #expect(group?.source == Drift.SourceLocation(file: "consumer.yaml", line: 80))
        let principal = problems.first { $0.topic == "AllowedPrincipals" }
        #expect(principal?.principal == Self.outsider)
        #expect(principal?.rules == ["PL003", "change.principal.granted", "drift.principal.extra"])
        let acceptance = problems.first { $0.topic == "AcceptanceRequired" }
        #expect(acceptance?.findingIds.count == 3)
        // Severity is the highest of its findings (PL006 is medium, the drift and the change are high).
        #expect(acceptance?.severity == .high)
        // The audit finding tells the story and the fix.
        #expect(acceptance?.title == "PL006 on vpce-svc-1" && acceptance?.remediation == "fix PL006")
        // Every finding is in exactly one problem.
        #expect(problems.flatMap(\.findingIds).sorted() == Self.night.map(\.id).sorted())
    }

    @Test func twoPrincipalsOnOneServiceAreTwoProblems() {
        let other = "arn:aws:iam::888888888888:root"
        let findings = [
            Self.finding(
                "PL003", .audit, .high, resource: "vpce-svc-1", attribute: "AllowedPrincipals",
                actual: .string(Self.outsider)),
            Self.finding(
                "PL003", .audit, .high, resource: "vpce-svc-1", attribute: "AllowedPrincipals", actual: .string(other)),
        ]
        #expect(Set(ProblemGrouper().problems(of: findings).compactMap(\.principal)) == [Self.outsider, other])
    }

    @Test func theSameResourceInTwoRegionsIsTwoProblems() {
        let findings = [
            Self.finding("PL009", .audit, .high, resource: "sg-1", attribute: "IpPermissions"),
            Self.finding("PL009", .audit, .high, resource: "sg-1", attribute: "IpPermissions", region: "us-east-1"),
        ]
        #expect(ProblemGrouper().problems(of: findings).count == 2)
    }

    @Test func problemIdsAreStableAndIndependentOfFindingOrder() {
        let once = ProblemGrouper().problems(of: Self.night)
        let reversed = ProblemGrouper().problems(of: Self.night.reversed())
        #expect(once == reversed)
        #expect(once.allSatisfy { $0.id.hasPrefix("P-") && $0.id.count == 18 })
    }

    @Test func problemIdsDidNotChange() {
        // Stored ids (history, suppressions) must never change: computed in Python, FNV-1a 64 over account, region,
        // resource, principal and topic, each followed by 0x1F.
        let problems = ProblemGrouper().problems(of: Self.night)
        #expect(problems.first { $0.resourceId == "sg-1" }?.id == "P-da18235f49feaa5d")
        #expect(problems.first { $0.topic == "AllowedPrincipals" }?.id == "P-d1594936dd5e856f")
    }

    @Test func theNextNightTheSameProblemsAreRecurringWithTheirFirstSeenDate() {
        let first = Date(timeIntervalSince1970: 1_800_000_000)
        let second = first.addingTimeInterval(86_400)
        let night1 = ProblemHistory.apply(ProblemGrouper().problems(of: Self.night), previous: nil, seenAt: first)
        #expect(night1.problems.allSatisfy { $0.lifecycle == .new })
        // Night 3: the changes are gone (nothing changed), the audit and drift findings remain.
        let unchanged = Self.night.filter { $0.kind != .change }
        let night2 = ProblemHistory.apply(
            ProblemGrouper().problems(of: unchanged), previous: night1.records, seenAt: second)
        #expect(night2.problems.count == 3)
        #expect(night2.problems.allSatisfy { $0.lifecycle == .recurring && $0.firstSeen == first })
        // The open group is fixed: resolved, one line, with when it was first seen.
        let fixed = unchanged.filter { $0.resourceId != "sg-1" }
        let night3 = ProblemHistory.apply(
            ProblemGrouper().problems(of: fixed), previous: night2.records, seenAt: second)
        let resolved = night3.problems.filter { $0.lifecycle == .resolved }
        #expect(resolved.map(\.resourceId) == ["sg-1"])
        #expect(resolved.first?.counts == false)
        #expect(night3.records.count == 2)
    }

    @Test func theChangeThatFixesAProblemResolvesIt() {
        let open = [Self.finding("PL009", .audit, .high, resource: "sg-1", attribute: "IpPermissions")]
        let seen = Date(timeIntervalSince1970: 1_800_000_000)
        let night1 = ProblemHistory.apply(ProblemGrouper().problems(of: open), previous: nil, seenAt: seen)
        let closed = [
            Self.finding("change.ingress.closed", .change, .info, resource: "sg-1", attribute: "IpPermissions")
        ]
        let night2 = ProblemHistory.apply(
            ProblemGrouper().problems(of: closed), previous: night1.records, seenAt: Date())
        #expect(night2.problems.count == 1)
        #expect(night2.problems.first?.lifecycle == .resolved && night2.problems.first?.firstSeen == seen)
        #expect(night2.problems.first?.findingIds == closed.map(\.id))
        #expect(night2.records.isEmpty)
    }

    @Test func aChangeOnItsOwnIsAnEventNeverRecurringOrResolved() {
        let event = [
            Self.finding("change.connection.deleted", .change, .info, resource: "vpce-1", attribute: "VpcEndpointState")
        ]
        let night1 = ProblemHistory.apply(ProblemGrouper().problems(of: event), previous: nil, seenAt: Date())
        #expect(night1.problems.first?.isEvent == true && night1.records.isEmpty)
        let night2 = ProblemHistory.apply([], previous: night1.records, seenAt: Date())
        #expect(night2.problems.isEmpty)
    }

    @Test func suppressionsCoverByRuleResourceAndAccountUntilTheyExpire() {
        let problems = ProblemGrouper().problems(of: Self.night)
        let here = Drift.SourceLocation(file: "suppressions.yaml", line: 3)
        let accepted = Suppression(
            rule: "PL009", resource: "sg-*", account: Self.account, reason: "lab", owner: "net", expires: "2027-01-31",
            source: here)
        let stale = Suppression(
            rule: "PL001", reason: "old", owner: "sec", source: Drift.SourceLocation(file: "suppressions.yaml", line: 9)
        )
        let inForce = [accepted, stale].apply(to: problems, today: "2027-01-31")
        let group = inForce.problems.first { $0.resourceId == "sg-1" }
        #expect(group?.suppression?.isInForce == true && group?.counts == false)
        #expect(inForce.problems.filter { $0.suppression != nil }.count == 1)
        #expect(inForce.stale == [stale])
        let expired = [accepted].apply(to: problems, today: "2027-02-01")
        let again = expired.problems.first { $0.resourceId == "sg-1" }
        #expect(again?.suppression?.isInForce == false && again?.counts == true)
        #expect(expired.stale.isEmpty)
    }

    @Test func aSuppressionNamingAnotherAccountOrPrincipalCoversNothing() {
        let problems = ProblemGrouper().problems(of: Self.night)
        let here = Drift.SourceLocation(file: "s.yaml", line: 1)
        let elsewhere = Suppression(rule: "PL003", account: "222222222222", reason: "r", owner: "o", source: here)
        let otherPrincipal = Suppression(
            rule: "PL003", principal: "arn:aws:iam::888888888888:*", reason: "r", owner: "o", source: here)
        let outcome = [elsewhere, otherPrincipal].apply(to: problems, today: "2027-01-01")
        #expect(outcome.problems.allSatisfy { $0.suppression == nil })
        #expect(outcome.stale.count == 2)
    }
}
