import Drift
import Foundation
import PrivateLinkModel
import Testing

/// The owner account is always trusted; an organisation ARN names its management account, which is not the
/// principal's account; PL008 sees full access in any spelling and names what a Deny takes away.
@Suite struct AuditTrustTests {
    static let management = "444444444444"
    static let organization = "arn:aws:organizations::\(management):organization/o-abc123"

    func audit(
        principals: [String] = [], connections: [String] = [], endpoints: [String] = [], trusted: Set<String> = []
    ) throws -> [Finding] {
        let inventory = try Fixture.inventory(
            services: [Records.service()], principals: principals.map(Records.principal), connections: connections,
            endpoints: endpoints, groups: [Records.group(ingressCidr: "10.0.0.0/16")])
        return Auditor().audit(inventory, succeededScopes: [Fixture.scope], trustedAccounts: trusted, now: Fixture.now)
    }

    @Test func theOwnersOwnPrincipalsAreTrustedWithoutConfiguration() throws {
        let owner = Fixture.scope.account
        let findings = try audit(
            principals: ["arn:aws:iam::\(owner):root", "arn:aws:iam::\(owner):role/Consumer", owner],
            connections: [Records.connection(owner: owner)])
        #expect(!findings.contains { $0.rule == "PL003" || $0.rule == "PL004" }, "\(findings.map(\.message))")
    }

    @Test func trustingTheManagementAccountDoesNotTrustTheOrganisation() throws {
        let findings = try audit(principals: [Self.organization], trusted: [Self.management])
        let untrusted = try #require(findings.first { $0.rule == "PL003" })
        #expect(untrusted.actual == .string(Self.organization))
        #expect(!untrusted.message.contains("account \(Self.management)"))
    }

    @Test func trustingTheOrganisationTrustsItsPrincipal() throws {
        #expect(try !audit(principals: [Self.organization], trusted: ["o-abc123"]).contains { $0.rule == "PL003" })
    }

    @Test func theOrganisationPrincipalDoesNotMakeTheManagementAccountAPrincipalOfItsOwn() throws {
        let view = Auditor().serviceAccess(
            try Fixture.inventory(services: [Records.service()], principals: [Records.principal(Self.organization)]),
            trustedAccounts: [Self.management])
        let entry = try #require(view.first?.allowedPrincipals.first)
        #expect(entry.kind == .organization)
        #expect(entry.account == nil)
        #expect(!entry.trusted)
    }

    @Test func fullAccessWithADenyIsStillPL008AndTheMessageNamesTheDeny() throws {
        let policy =
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["*","ec2:X"],"Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"ec2:DeleteVpc","Resource":"*"}]}"#
        let findings = try audit(endpoints: [Records.endpoint(policy: policy)])
        let pl008 = try #require(findings.first { $0.rule == "PL008" })
        #expect(pl008.message.contains("ec2:DeleteVpc"))
    }

    // One audit works out each distinct policy once: endpoints that share a text, differ, have none, are not interface
    // endpoints or hold unreadable text must each still get their own verdict.
    @Test func eachEndpointGetsItsOwnPolicysVerdictWhenPoliciesRepeat() throws {
        let restricted = #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:Describe*","Resource":"*"}]}"#
        let endpoints = [
            Records.endpoint(id: "vpce-1", policy: Records.fullPolicy),
            Records.endpoint(id: "vpce-2", policy: restricted),
            Records.endpoint(id: "vpce-3", policy: Records.fullPolicy),
            Records.endpoint(id: "vpce-4", policy: restricted),
            Records.endpoint(id: "vpce-5"),
            Records.endpoint(id: "vpce-6", type: "Gateway", subnets: [], groups: []),
            Records.endpoint(id: "vpce-7", policy: "not json"),
            Records.endpoint(id: "vpce-8"),
        ]
        let flagged = try audit(endpoints: endpoints).filter { $0.rule == "PL008" }.map(\.resourceId)
        #expect(flagged.sorted() == ["vpce-1", "vpce-3", "vpce-5", "vpce-8"])
    }

    @Test(arguments: ["Deleted", "deleting", "Failed"])
    func aServiceThatIsGoneAdmitsNobody(_ state: String) throws {
        let service = Records.service(acceptance: false, extra: #","ServiceState":"\#(state)""#)
        let inventory = try Fixture.inventory(
            services: [service],
            principals: [Records.principal("*"), Records.principal("arn:aws:iam::999999999999:root")])
        let findings = Auditor().audit(
            inventory, succeededScopes: [Fixture.scope], trustedAccounts: [], now: Fixture.now)
        #expect(findings.isEmpty, "\(findings.map(\.message))")
        let live = Auditor().audit(
            try Fixture.inventory(services: [Records.service(acceptance: false)], principals: [Records.principal("*")]),
            succeededScopes: [Fixture.scope], trustedAccounts: [], now: Fixture.now)
        #expect(Set(live.map(\.rule)) == ["PL001", "PL006"])
    }
}
