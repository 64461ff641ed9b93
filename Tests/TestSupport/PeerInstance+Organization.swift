import Foundation

/// An AWS Organization seeded on the peer by `scripts/peer_ext/seed_organization.py`.
public struct SeededOrganization: Sendable, Decodable {
    /// One member account as seeded.
    public struct Account: Sendable, Decodable, Hashable {
        public var id: String
        public var name: String
        /// The OU name (`Workloads`, `Production`, `Sandbox`).
        public var unit: String
        /// `ACTIVE` or `SUSPENDED`.
        public var status: String
        /// Whether its OrganizationAccountAccessRole still exists.
        public var role: Bool
    }

    /// The endpoint service seeded in one member, for the audit's trust.
    public struct Service: Sendable, Decodable, Hashable {
        public var account: String
        public var region: String
        public var serviceId: String
        /// The allowed principals (`arn:aws:iam::<id>:root`).
        public var allowed: [String]
    }

    public var management: String
    /// The root id (`r-…`).
    public var root: String
    /// OU ids by name.
    public var units: [String: String]
    /// The six members, in creation order.
    public var accounts: [Account]
    public var service: Service

    /// Members plinv can read: active, with their role.
    public var reachable: [Account] { accounts.filter { $0.status == "ACTIVE" && $0.role } }
    public var suspended: [Account] { accounts.filter { $0.status != "ACTIVE" } }
    /// Active members whose role was deleted.
    public var roleMissing: [Account] { accounts.filter { $0.status == "ACTIVE" && !$0.role } }
}

extension PeerInstance {
    /// Seeds an organisation managed by `management` (take a `freshAccount()`): 6 members in 3 OUs, one suspended,
    /// one without its OrganizationAccountAccessRole, and an endpoint service in a member. Fetch the management
    /// account's credentials (`environment(account:)`) before or after; members are reached by their role.
    public func seedOrganization(management: String) async throws -> SeededOrganization {
        let output = try await runPython(
            Peer.scriptsDirectory.appendingPathComponent("peer_ext/seed_organization.py"),
            arguments: ["--endpoint-url", url.absoluteString, "--management-account", management])
        do {
            return try JSONDecoder().decode(SeededOrganization.self, from: output)
        } catch {
            throw TestSupportError.undecodableOutput(
                executable: "seed_organization.py", arguments: [], reason: "\(error)",
                output: String(decoding: output, as: UTF8.self))
        }
    }
}
