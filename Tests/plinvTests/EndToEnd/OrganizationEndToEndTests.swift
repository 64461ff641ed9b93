import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// `collect --organization`, `trusted: organization` and `doctor --config` against an organisation on the peer:
/// 1 management + 6 members in 3 OUs, one member suspended and one whose role was deleted.
@Suite struct OrganizationEndToEndTests {
    static let regions = ["eu-west-1", "us-east-1"]

    /// A seeded organisation, a database, and plinv run as the management account.
    struct Setup {
        let peer: PeerInstance
        let organization: SeededOrganization
        let directory: TemporaryDirectory
        let environment: [String: String]

        static func make() async throws -> Setup {
            let peer = try await Peer.shared()
            let management = await peer.freshAccount()
            let directory = try TemporaryDirectory(prefix: "plinv-org")
            let environment = try await peer.environment(
                account: management, extra: ["PLINV_DB": directory.file("plinv.sqlite").path])
            let organization = try await peer.seedOrganization(management: management)
            return Setup(peer: peer, organization: organization, directory: directory, environment: environment)
        }

        func plinv(_ arguments: [String]) async throws -> ProcessResult {
            try await PlinvBinary.run(arguments, environment: environment)
        }

        func collect(_ extra: [String] = []) async throws -> ProcessResult {
            var arguments = ["collect", "--organization", "--endpoint-url", peer.url.absoluteString]
            for region in OrganizationEndToEndTests.regions { arguments += ["--region", region] }
            return try await plinv(arguments + extra)
        }
    }

    @Test func collectReadsTheReachableMembersAndNamesTheOthers() async throws {
        let setup = try await Setup.make()
        defer { setup.directory.remove() }
        let organization = setup.organization
        #expect(
            organization.reachable.count == 4 && organization.suspended.count == 1
                && organization.roleMissing.count == 1)
        let result = try await setup.collect()
        #expect(result.status == 3, "\(result.stderrText)")
        let suspended = try #require(organization.suspended.first)
        let missing = try #require(organization.roleMissing.first)
        #expect(
            result.stderrText.contains("skipped account \(suspended.id) (\(suspended.name))"), "\(result.stderrText)")
        #expect(result.stderrText.contains("SUSPENDED"))
        #expect(result.stderrText.contains("management account"))

        let listing = try JSONValue.parse(try await setup.plinv(["snapshots", "--format", "json"]).stdout)
        let snapshot = try #require(listing["snapshots"]?.arrayValue?.first)
        #expect(snapshot["status"] == .string("partial"))
        let scopes = snapshot["scopes"]?.arrayValue ?? []
        func accounts(_ status: String) -> [String] {
            scopes.filter { $0["status"] == .string(status) }.compactMap { $0["account"]?.stringValue }
        }
        let expectedOK = organization.reachable.flatMap { account in Self.regions.map { _ in account.id } }.sorted()
        #expect(accounts("ok").sorted() == expectedOK)
        #expect(accounts("failed") == [missing.id, missing.id])
        let failure = scopes.first { $0["status"] == .string("failed") }?["error"]?.stringValue ?? ""
        #expect(failure.contains("OrganizationAccountAccessRole") && failure.contains("AccessDenied"), "\(failure)")
        #expect(!accounts("ok").contains(organization.management) && !accounts("ok").contains(suspended.id))
    }

    @Test func orgUnitsLimitTheAccountsToThoseUnitsAndBelow() async throws {
        let setup = try await Setup.make()
        defer { setup.directory.remove() }
        let workloads = try #require(setup.organization.units["Workloads"])
        let result = try await setup.collect(["--org-ou", workloads])
        // Workloads holds workloads-a and the suspended workloads-b; Production (below it) holds prod-a and prod-b.
        #expect(result.status == 0, "\(result.stderrText)")
        let listing = try JSONValue.parse(try await setup.plinv(["snapshots", "--format", "json"]).stdout)
        let scopes = listing["snapshots"]?.arrayValue?.first?["scopes"]?.arrayValue ?? []
        let read = Set(scopes.compactMap { $0["account"]?.stringValue })
        let expected = Set(
            setup.organization.accounts
                .filter { ["Workloads", "Production"].contains($0.unit) && $0.status == "ACTIVE" }.map(\.id))
        #expect(read == expected)
        #expect(read.count == 3)
    }

    @Test func trustedOrganizationTrustsExactlyTheActiveAccounts() async throws {
        let setup = try await Setup.make()
        defer { setup.directory.remove() }
        _ = try await setup.collect()
        let untrustedWithout = try Self.untrusted(
            try await setup.plinv(["audit", "--format", "json", "--fail-on", "none"]))
        #expect(untrustedWithout.count == 4)
        let audit = try await setup.plinv(["audit", "--format", "json", "--fail-on", "none", "--trusted-organization"])
        #expect(audit.status == 0, "\(audit.stderrText)")
        let suspended = try #require(setup.organization.suspended.first)
        #expect(
            try Self.untrusted(audit)
                == ["arn:aws:iam::999999999999:root", "arn:aws:iam::\(suspended.id):root"].sorted())

        let config = setup.directory.file("plinv.yaml")
        try """
        accounts:
          organization: true
        regions: [eu-west-1, us-east-1]
        trusted: organization
        """.write(to: config, atomically: true, encoding: .utf8)
        let fromConfig = try await setup.plinv([
            "audit", "--format", "json", "--fail-on", "none", "--config", config.path,
        ])
        #expect(try Self.untrusted(fromConfig) == (try Self.untrusted(audit)))
    }

    @Test func doctorConfigChecksEveryAccountAndRegion() async throws {
        let setup = try await Setup.make()
        defer { setup.directory.remove() }
        let config = setup.directory.file("plinv.yaml")
        try """
        accounts:
          organization: true
        regions: [eu-west-1, us-east-1]
        endpointUrl: \(setup.peer.url.absoluteString)
        """.write(to: config, atomically: true, encoding: .utf8)
        let result = try await setup.plinv(["doctor", "--config", config.path])
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        for account in setup.organization.reachable {
            for region in Self.regions {
                #expect(lines.contains { $0.hasPrefix("\(account.id) × \(region)  ✓") }, "\(lines)")
            }
        }
        let missing = try #require(setup.organization.roleMissing.first)
        for region in Self.regions {
            #expect(lines.contains { $0.hasPrefix("\(missing.id) × \(region)  ✗") && $0.contains("AccessDenied") })
        }
        #expect(lines.filter { $0.contains(" × ") }.count == 10)
        #expect(lines.contains { $0.contains("skipped account \(setup.organization.suspended[0].id)") })
    }

    /// The sorted principals of the audit's PL003 findings.
    static func untrusted(_ result: ProcessResult) throws -> [String] {
        let findings = try JSONValue.parse(result.stdout)["findings"]?.arrayValue ?? []
        return findings.filter { $0["rule"] == .string("PL003") }.compactMap { $0["actual"]?.stringValue }.sorted()
    }
}
