import AWSQuery
import Foundation
import Logging
import PrivateLinkModel

/// Lists an organisation's accounts through Organizations (JSON 1.1) from the management account or a delegated
/// administrator: `ListAccounts` for all of them, or `ListAccountsForParent` for each named unit and, through
/// `ListOrganizationalUnitsForParent`, every unit below it. Every listing is paged to its end.
public struct OrganizationDirectory: Sendable {
    public let client: JSONClient

    public init(client: JSONClient) {
        self.client = client
    }

    /// The organisation and its accounts: all, or those under `units` (`ou-…` or `r-…` ids) and their sub-units.
    /// - Throws: `QueryError` (e.g. `AWSOrganizationsNotInUseException`, `AccessDeniedException`).
    public func organization(units: [String] = [], logger: Logger) async throws -> Organization {
        let described = try await client.send(
            "DescribeOrganization", as: DescribeOrganizationOutput.self, logger: logger)
        var byID: [String: OrganizationAccount] = [:]
        if units.isEmpty {
            for page in try await client.pages("ListAccounts", as: AccountsPage.self, logger: logger) {
                for account in page.Accounts { byID[account.Id] = account.model(parent: nil) }
            }
        } else {
            var queue = units
            var visited: Set<String> = []
            while let parent = queue.first {
                queue.removeFirst()
                guard visited.insert(parent).inserted else { continue }
                for page in try await client.pages(
                    "ListAccountsForParent", ["ParentId": parent], as: AccountsPage.self, logger: logger)
                {
                    for account in page.Accounts where byID[account.Id] == nil {
                        byID[account.Id] = account.model(parent: parent)
                    }
                }
                for page in try await client.pages(
                    "ListOrganizationalUnitsForParent", ["ParentId": parent], as: UnitsPage.self, logger: logger)
                {
                    queue += page.OrganizationalUnits.map(\.Id)
                }
            }
        }
        return Organization(
            id: described.Organization.Id, managementAccount: described.Organization.MasterAccountId,
            accounts: byID.values.sorted { $0.id < $1.id })
    }

    /// `DescribeOrganization`'s output, the members plinv reads.
    struct DescribeOrganizationOutput: Decodable {
        struct Body: Decodable {
            var Id: String
            var MasterAccountId: String
        }
        var Organization: Body
    }

    /// One page of `ListAccounts` / `ListAccountsForParent`.
    struct AccountsPage: Decodable, Sendable {
        struct Account: Decodable, Sendable {
            var Id: String
            var Name: String?
            var Status: String?
            /// The newer field; `Status` is deprecated but still sent.
            var State: String?

            func model(parent: String?) -> OrganizationAccount {
                OrganizationAccount(id: Id, name: Name ?? "", status: State ?? Status ?? "ACTIVE", parent: parent)
            }
        }
        var Accounts: [Account]
    }

    /// One page of `ListOrganizationalUnitsForParent`.
    struct UnitsPage: Decodable, Sendable {
        struct Unit: Decodable, Sendable {
            var Id: String
        }
        var OrganizationalUnits: [Unit]
    }
}
