import AWSQuery
import Collector
import Foundation
import GRDB
import Logging
import PrivateLinkModel
import TestSupport
import Testing
@testable import Store

/// Stacks collected from the peer and stored: a NoEcho parameter's value never reaches the database file.
@Suite struct StackSecretsPeerTests {
    typealias F = StoreFixtures

    /// A stack whose template declares a security group and a NoEcho parameter without a default.
    static let template = """
        Parameters:
          DatabasePassword:
            Type: String
            NoEcho: true
          Application:
            Type: String
        Resources:
          Group:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: !Sub "${Application} database access"
        Outputs:
          GroupId:
            Value: !Ref Group
            Export:
              Name: !Sub "${AWS::StackName}-GroupId"
        """

    @Test func aNoEchoValueIsNeverInTheDatabaseAndAnUnchangedStackAddsNoRows() async throws {
        let secret = "pw-\(UUID().uuidString)"
        let peer = try await Peer.shared()
        let account = await peer.freshAccount()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write(Self.template, to: "database.yaml")
        try await peer.createStack(
            name: "database", template: file, parameters: ["DatabasePassword": secret, "Application": "orders"],
            account: account)
        let credentials = try await peer.credentials(account: account)
        let url = peer.url
        let scope = Scope(account: account, region: "us-east-1")
        let reader = AWSScopeReader(stacks: .all) { service, region in
            try QueryClient(
                service: service, region: region, endpoint: url, credentials: StaticCredentialProvider(credentials))
        }
        func collect() async -> Snapshot {
            await Collector(concurrency: 1).collect(
                [PlannedScope(scope: scope, reader: reader)], takenAt: Date(), logger: Logger(label: "test"))
        }
        let first = await collect()
        #expect(first.status == .complete)
        #expect(first.stacks.first?.parameters["DatabasePassword"] == "****")
        #expect(first.exports.map(\.name) == ["database-GroupId"])

        try F.withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("plinv.sqlite").path
            let store = try SnapshotStore(path: path)
            let id = try store.save(first)
            #expect(try store.snapshot(id: id).stacks == first.stacks)
            let rows = try store.pool.read { db in
                try ["body", "template_body", "stack_version"].map {
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? 0
                }
            }
            _ = try store.save(first)
            #expect(
                try store.pool.read { db in
                    try ["body", "template_body", "stack_version"].map {
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? 0
                    }
                } == rows)
            let masked = try store.pool.read { db in
                try String.fetchOne(db, sql: "SELECT parameters FROM stacks WHERE snapshot_id = ?", arguments: [id])
            }
            #expect(masked?.contains("****") == true)

            var bytes = Data()
            for suffix in ["", "-wal", "-shm"] {
                bytes += (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data()
            }
            #expect(bytes.count > 0)
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the NoEcho value is in the database file")
        }
    }
}
