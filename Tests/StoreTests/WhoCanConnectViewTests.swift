import Drift
import Foundation
import GRDB
import PrivateLinkModel
import Testing
@testable import Store

/// The `who_can_connect` view (migration 0002) says what the audit says about the same snapshot.
@Suite struct WhoCanConnectViewTests {
    typealias F = StoreFixtures
    static let owner = F.provider.account
    static let organization = "arn:aws:organizations::999999999999:organization/o-abc123"
    static let unit = "arn:aws:organizations::999999999999:ou/o-abc123/ou-root-x1"

    static func service(_ id: String) -> EndpointService {
        EndpointService(
            scope: F.provider,
            raw: .object([
                "ServiceId": .string(id), "ServiceName": .string("com.amazonaws.vpce.eu-west-1.\(id)"),
                "AcceptanceRequired": .bool(true),
            ]))
    }

    static func principal(_ service: String, _ principal: String) -> AllowedPrincipal {
        AllowedPrincipal(
            scope: F.provider,
            raw: .object([
                "ServiceId": .string(service), "Principal": .string(principal), "PrincipalType": .string("Account"),
            ]))
    }

    static func connection(_ service: String, _ endpoint: String, from owner: String) -> EndpointConnection {
        EndpointConnection(
            scope: F.provider,
            raw: .object([
                "ServiceId": .string(service), "VpcEndpointId": .string(endpoint), "VpcEndpointOwner": .string(owner),
                "VpcEndpointState": .string("available"),
            ]))
    }

    /// One service per case the 0001 view got wrong, plus the ordinary ones.
    static let inventory = Inventory(
        endpointServices: [
            "vpce-svc-org", "vpce-svc-ou", "vpce-svc-owner", "vpce-svc-acct", "vpce-svc-star",
            "vpce-svc-none", "vpce-svc-mgmt",
        ].map(service),
        allowedPrincipals: [
            principal("vpce-svc-org", organization),
            principal("vpce-svc-ou", unit),
            principal("vpce-svc-acct", "arn:aws:iam::222222222222:root"),
            principal("vpce-svc-acct", "333333333333"),
            principal("vpce-svc-star", "*"),
            principal("vpce-svc-star", "arn:aws:iam::222222222222:role/consumer"),
            principal("vpce-svc-mgmt", "arn:aws:iam::444444444444:root"),
            principal("vpce-svc-mgmt", organization),
        ],
        connections: [
            connection("vpce-svc-org", "vpce-org-member", from: "555555555555"),
            connection("vpce-svc-ou", "vpce-ou-member", from: "555555555555"),
            connection("vpce-svc-owner", "vpce-own", from: owner),
            connection("vpce-svc-acct", "vpce-acct-ok", from: "222222222222"),
            connection("vpce-svc-acct", "vpce-acct-bare", from: "333333333333"),
            connection("vpce-svc-acct", "vpce-acct-stale", from: "777777777777"),
            connection("vpce-svc-star", "vpce-star-any", from: "888888888888"),
            connection("vpce-svc-star", "vpce-star-role", from: "222222222222"),
            connection("vpce-svc-none", "vpce-none", from: "666666666666"),
            // The organization's management account, connected: allowed as a member, not because the ARN names it.
            connection("vpce-svc-mgmt", "vpce-mgmt", from: "999999999999"),
        ]
    ).sorted()

    struct Row: Hashable {
        var service: String
        var principal: String?
        var endpoint: String?
    }

    func viewRows() throws -> Set<Row> {
        var rows = Set<Row>()
        try F.withStore { store, _ in
            let id = try store.save(F.seedSnapshot(inventory: Self.inventory))
            rows = try store.pool.read { db in
                Set(
                    try GRDB.Row.fetchAll(
                        db,
                        sql: """
                            SELECT service_id, principal, vpc_endpoint_id FROM who_can_connect WHERE snapshot_id = ?
                            """, arguments: [id]
                    ).map {
                        Row(service: $0["service_id"], principal: $0["principal"], endpoint: $0["vpc_endpoint_id"])
                    })
            }
        }
        return rows
    }

    @Test func everyConnectionHasAPrincipalExactlyWhenTheAuditAllowsIt() throws {
        let rows = try viewRows()
        let audit = Auditor().serviceAccess(Self.inventory, trustedAccounts: [])
        #expect(audit.count == Self.inventory.endpointServices.count)
        for view in audit {
            for consumer in view.consumers {
                for connection in consumer.connections {
                    let matching = rows.filter {
                        $0.service == view.serviceId && $0.endpoint == connection.vpcEndpointId
                    }
                    #expect(matching.count == 1, "\(connection.vpcEndpointId) is listed once: \(matching)")
                    #expect(
                        (matching.first?.principal != nil) == consumer.allowed,
                        "\(connection.vpcEndpointId) from \(consumer.account): audit allowed=\(consumer.allowed), view \(matching)"
                    )
                }
            }
            let principals = Set(
                rows.filter { $0.service == view.serviceId && $0.endpoint == nil }.compactMap(\.principal))
            let connectedThrough = Set(
                rows.filter { $0.service == view.serviceId && $0.endpoint != nil }.compactMap(\.principal))
            #expect(
                principals.union(connectedThrough).subtracting([Self.owner])
                    == Set(view.allowedPrincipals.map(\.principal)), "\(view.serviceId)")
        }
    }

    @Test func theCasesTheFirstViewGotWrong() throws {
        let rows = try viewRows()
        #expect(rows.contains(Row(service: "vpce-svc-owner", principal: Self.owner, endpoint: "vpce-own")))
        #expect(rows.contains(Row(service: "vpce-svc-org", principal: Self.organization, endpoint: "vpce-org-member")))
        #expect(rows.contains(Row(service: "vpce-svc-ou", principal: Self.unit, endpoint: "vpce-ou-member")))
        #expect(rows.contains(Row(service: "vpce-svc-mgmt", principal: Self.organization, endpoint: "vpce-mgmt")))
        #expect(rows.contains(Row(service: "vpce-svc-acct", principal: nil, endpoint: "vpce-acct-stale")))
        #expect(rows.contains(Row(service: "vpce-svc-none", principal: nil, endpoint: "vpce-none")))
        try F.withStore { store, _ in
            let id = try store.save(F.seedSnapshot(inventory: Self.inventory))
            try store.pool.read { db in
                let accounts = try [String: String?](
                    uniqueKeysWithValues: GRDB.Row.fetchAll(
                        db,
                        sql: """
                            SELECT DISTINCT principal, principal_account FROM principals WHERE snapshot_id = ?
                            """, arguments: [id]
                    ).map { ($0["principal"], $0["principal_account"]) })
                #expect(accounts[Self.organization] == .some(nil), "an organization ARN names no principal account")
                #expect(accounts[Self.unit] == .some(nil))
                #expect(accounts["333333333333"] == "333333333333")
                #expect(accounts["arn:aws:iam::222222222222:role/consumer"] == "222222222222")
            }
        }
    }
}
