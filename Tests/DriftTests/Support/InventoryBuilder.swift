import Foundation
import PrivateLinkModel

/// Builds inventories from raw JSON literals, in the AWS CLI's shape, for tests.
enum Fixture {
    /// The owner scope every fixture uses unless a record carries `Account` and `Region`.
    static let scope = Scope(account: "111111111111", region: "eu-west-1")
    /// A fixed clock: 2026-11-26T23:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_795_734_000)

    /// Parses a JSON literal.
    static func json(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }

    /// One resource from a raw record; `Account`/`Region` in the record override the default scope.
    static func resource<R: InventoryResource>(_ text: String, as type: R.Type = R.self) throws -> R {
        let value = try json(text)
        if value["Account"] != nil {
            let (scope, raw) = try ResourceCoding.decode(value)
            return R(scope: scope, raw: raw)
        }
        return R(scope: scope, raw: value)
    }

    /// An inventory from lists of raw records.
    static func inventory(
        services: [String] = [], principals: [String] = [], connections: [String] = [],
        endpoints: [String] = [], groups: [String] = [], loadBalancers: [String] = []
    ) throws -> Inventory {
        Inventory(
            endpointServices: try services.map { try resource($0) },
            allowedPrincipals: try principals.map { try resource($0) },
            connections: try connections.map { try resource($0) },
            vpcEndpoints: try endpoints.map { try resource($0) },
            securityGroups: try groups.map { try resource($0) },
            loadBalancers: try loadBalancers.map { try resource($0) })
    }

    /// `CreationTimestamp` text `days` before `now`.
    static func daysAgo(_ days: Double) -> String {
        AWSTimestamp.format(now.addingTimeInterval(-days * 86_400))
    }
}
