import Drift
import Foundation
import PrivateLinkModel
import Testing

/// The article's scenario as collected: what the audit says with and without the consumer trusted.
@Suite struct ArticleAuditTests {
    func inventory() throws -> Inventory {
        try Fixture.inventory(
            services: [Records.service(acceptance: true)],
            principals: [Records.principal("arn:aws:iam::123456789012:root")],
            connections: [Records.connection(owner: "123456789012", state: "available", created: Fixture.daysAgo(30))],
            endpoints: [Records.endpoint(subnets: ["subnet-a", "subnet-b", "subnet-c"], policy: Records.fullPolicy)],
            groups: [Records.group(ingressCidr: "10.0.0.0/16")])
    }

    @Test func anUntrustedConsumerAndTheFullAccessPolicyAreFlagged() throws {
        let findings = Auditor().audit(
            try inventory(), succeededScopes: [Fixture.scope], trustedAccounts: [], now: Fixture.now)
        // Same severity: ordered by resource type (…VPCEndpointConnection before …VPCEndpointServicePermissions).
        #expect(findings.map(\.rule) == ["PL004", "PL003", "PL008"])
        #expect(SeveritySummary(findings).hasFindings(atOrAbove: .high))
    }

    @Test func trustingTheConsumerLeavesOnlyThePolicy() throws {
        let findings = Auditor().audit(
            try inventory(), succeededScopes: [Fixture.scope], trustedAccounts: ["123456789012"], now: Fixture.now)
        #expect(findings.map(\.rule) == ["PL008"])
        #expect(!SeveritySummary(findings).hasFindings(atOrAbove: .high))
    }
}
