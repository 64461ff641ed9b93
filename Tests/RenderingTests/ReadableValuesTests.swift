import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

/// Values read as a person would say them, in every human format, with the JSON a click away in HTML.
@Suite struct ReadableValuesTests {
    static let openPermissions: JSONValue = .array([
        .object([
            "IpProtocol": .string("tcp"), "FromPort": .integer(443), "ToPort": .integer(443),
            "IpRanges": .array([
                .object(["CidrIp": .string("10.1.0.0/16"), "Description": .string("VPC")]),
                .object(["CidrIp": .string("0.0.0.0/0")]),
            ]),
            "Ipv6Ranges": .array([]), "PrefixListIds": .array([]), "UserIdGroupPairs": .array([]),
        ])
    ])
    static let defaultPolicy =
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#

    /// A report whose findings carry the API's raw values.
    static func report() -> ReportInput {
        var report = ReportFixtures.report()
        report.findings = [
            ReportFixtures.finding(
                "PL009", .high, resourceType: "AWS::EC2::SecurityGroup", resourceId: "sg-1", message: "Open.",
                actual: openPermissions, attribute: "IpPermissions"),
            ReportFixtures.finding(
                "PL008", .medium, resourceType: "AWS::EC2::VPCEndpoint", resourceId: "vpce-1", message: "Full access.",
                actual: .string(defaultPolicy), attribute: "PolicyDocument"),
            ReportFixtures.finding(
                "drift.rule.extra", .high, kind: .changed, resourceType: "AWS::EC2::SecurityGroup", resourceId: "sg-2",
                message: "Extra rule.",
                actual: .object([
                    "IpProtocol": .string("tcp"), "FromPort": .integer(22), "ToPort": .integer(22),
                    "CidrIpv6": .string("::/0"),
                ]),
                attribute: "SecurityGroupIngress"),
            ReportFixtures.finding(
                "drift.changed", .medium, kind: .changed, resourceType: "AWS::EC2::VPCEndpoint", resourceId: "vpce-2",
                message: "Policy differs.",
                expected: .object([
                    "Statement": .array([
                        .object([
                            "Effect": .string("Allow"),
                            "Principal": .object(["AWS": .string("arn:aws:iam::123456789012:role/app")]),
                            "Action": .array([.string("s3:GetObject"), .string("s3:PutObject")]),
                            "Resource": .string("arn:aws:s3:::orders/*"),
                        ])
                    ])
                ]),
                actual: .string(defaultPolicy), attribute: "PolicyDocument"),
            ReportFixtures.finding(
                "change.modified", .low, kind: .change, resourceId: "vpce-svc-9", message: "Settings changed.",
                expected: .object(["A": .string("same"), "B": .integer(1), "C": .bool(true)]),
                actual: .object(["A": .string("same"), "B": .integer(2), "C": .bool(true)]), attribute: "Settings"),
        ]
        return report
    }

    @Test func markdownSaysRulesAndPoliciesInWords() throws {
        let text = try MarkdownRenderer().render(Self.report())
        func row(_ rule: String) throws -> String {
            try #require(text.split(separator: "\n").first { $0.contains("| \(rule) ") }).description
        }
        #expect(try row("PL009").contains("| tcp 443 from 10.1.0.0/16, 0.0.0.0/0 |"))
        #expect(try row("PL008").contains(#"| any principal · any action · any resource |"#))
        #expect(try row("drift.rule.extra").contains("| tcp 22 from ::/0 |"))
        let drift = try row("drift.changed")
        #expect(
            drift.contains(
                #"| arn:aws:iam::123456789012:role/app · s3:GetObject, s3:PutObject · arn:aws:s3:::orders/\* |"#))
        #expect(!drift.contains("Statement"), "no raw JSON in the Markdown row")
        let change = try row("change.modified")
        #expect(change.contains("| B=1 | B=2 |"), "only the key that changed: \(change)")
    }

    @Test func htmlKeepsTheJSONOneClickAway() throws {
        let html = try HTMLRenderer().render(Self.report())
        #expect(
            html.contains(
                "<dd class=\"value\">any principal · any action · any resource<details class=\"json\"><summary>JSON</summary><pre>"
            ))
        #expect(html.contains("&quot;Statement&quot;"), "the policy's JSON is in the details")
        #expect(html.contains("tcp 443 from 10.1.0.0/16, 0.0.0.0/0<details class=\"json\">"))
    }

    @Test func textShowsTheSameWords() throws {
        let text = try TextRenderer(width: 200).render(Self.report())
        #expect(text.contains("Actual: tcp 443 from 10.1.0.0/16, 0.0.0.0/0"))
        #expect(text.contains("Actual: any principal · any action · any resource"))
    }

    @Test func notActionAndDenyAndConditionsAreSaid() throws {
        var report = ReportFixtures.report()
        let policy: JSONValue = .object([
            "Statement": .array([
                .object([
                    "Effect": .string("Allow"), "Principal": .string("*"), "NotAction": .string("iam:*"),
                    "Resource": .string("*"),
                    "Condition": .object(["StringEquals": .object(["aws:PrincipalOrgID": .string("o-abc")])]),
                ]),
                .object([
                    "Effect": .string("Deny"), "Principal": .string("*"), "Action": .string("s3:DeleteBucket"),
                    "Resource": .string("*"),
                ]),
            ])
        ])
        report.findings = [
            ReportFixtures.finding(
                "change.policy", .medium, kind: .change, message: "Policy changed.", actual: policy,
                attribute: "PolicyDocument")
        ]
        let text = try TextRenderer(width: 400).render(report)
        #expect(text.contains("any principal · any action except iam:* · any resource · when aws:PrincipalOrgID"))
        #expect(text.contains("deny: any principal · s3:DeleteBucket · any resource"))
    }
}
