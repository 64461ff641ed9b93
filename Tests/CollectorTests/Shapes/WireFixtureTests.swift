import AWSQuery
import Foundation
import PrivateLinkModel
import Testing

@testable import Collector

/// The recorded oracle: for every operation plinv calls, decoding moto's raw XML must give exactly what
/// `aws … --output json` printed for the same call (`scripts/record_wire_fixtures.py`).
@Suite struct WireFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/wire")

    /// Reads `<Operation>.xml` and `<Operation>.cli.json`.
    static func fixture(_ operation: ModeledOperation) throws -> (root: XMLNode, oracle: JSONValue) {
        let xml = try Data(contentsOf: folder.appendingPathComponent("\(operation.name).xml"))
        let json = try Data(contentsOf: folder.appendingPathComponent("\(operation.name).cli.json"))
        return (try XMLNode.parse(xml), try JSONValue.parse(json))
    }

    @Test(arguments: ModeledOperation.all)
    func outputEqualsTheCLIOutput(operation: ModeledOperation) throws {
        let (root, oracle) = try Self.fixture(operation)
        let decoded = try ShapeDecoder.decodeOutput(operation: operation, root: root)
        #expect(decoded == oracle, "\(firstDifference(decoded, oracle) ?? "")")
    }

    @Test(arguments: ModeledOperation.all.filter { $0.resultKey != nil })
    func pageItemsEqualTheCLIItemsOneByOne(operation: ModeledOperation) throws {
        let (root, oracle) = try Self.fixture(operation)
        let page = try ShapeDecoder.decodePage(operation: operation, root: root)
        let expected = try #require(oracle[operation.resultKey!]?.arrayValue)
        #expect(!expected.isEmpty, "the fixture should list something")
        #expect(page.items.count == expected.count)
        for (index, (item, oracleItem)) in zip(page.items, expected).enumerated() {
            #expect(item == oracleItem, "item \(index): \(firstDifference(item, oracleItem) ?? "")")
        }
    }

    @Test func connectionsPageCarriesItsNextToken() throws {
        let (root, oracle) = try Self.fixture(.describeVpcEndpointConnections)
        let page = try ShapeDecoder.decodePage(operation: .describeVpcEndpointConnections, root: root)
        #expect(page.nextToken == "eyJ2IjoyLCJjIjoiZXhhbXBsZSJ9")
        #expect(page.nextToken == oracle["NextToken"]?.stringValue)
    }

    @Test func recordsReadBackThroughTheModelTypes() throws {
        let scope = Scope(account: "123456789012", region: "us-east-1")
        let (root, _) = try Self.fixture(.describeSecurityGroups)
        let groups = try ShapeDecoder.decodePage(operation: .describeSecurityGroups, root: root).items
            .map { SecurityGroup(scope: scope, raw: $0) }
        let endpointGroup = try #require(groups.first { $0.groupName == "endpoint-sg" })
        #expect(endpointGroup.groupDescription == "café ☃ 日本 <a href=\"x\">&amp;</a> 'quoted' & more")
        let https = try #require(endpointGroup.ingress.first { $0.fromPort == 443 })
        #expect(https.admitsAnyAddress)
        #expect(https.ipv6Ranges == ["::/0"])
        #expect(endpointGroup.ingress.contains { !$0.groupIds.isEmpty })

        let (connections, _) = try Self.fixture(.describeVpcEndpointConnections)
        let first = try #require(
            try ShapeDecoder.decodePage(operation: .describeVpcEndpointConnections, root: connections).items.first)
        let connection = EndpointConnection(scope: scope, raw: first)
        #expect(connection.vpcEndpointState == "pendingAcceptance")
        #expect(connection.creationTimestamp == AWSTimestamp.parse("2026-11-02T08:15:30.123Z"))
        #expect(connection.creationTimestamp != nil)
    }

    @Test func everyFixtureBelongsToAModeledOperation() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }
        #expect(Set(names) == Set(ModeledOperation.all.map(\.name)))
    }
}

/// Timestamps stay wire strings in the records; the model's parser must read every format the peers send.
@Suite struct WireTimestampTests {
    /// Every string under a member named `key`, anywhere in `value`.
    static func strings(named key: String, in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            members.flatMap { name, member in
                (name == key ? member.stringValue.map { [$0] } ?? [] : []) + strings(named: key, in: member)
            }
        case .array(let elements): elements.flatMap { strings(named: key, in: $0) }
        default: []
        }
    }

    @Test func everyRecordedTimestampParses() throws {
        var timestamps: [String] = []
        for operation in ModeledOperation.all {
            let (_, oracle) = try WireFixtureTests.fixture(operation)
            timestamps += Self.strings(named: "CreationTimestamp", in: oracle)
            timestamps += Self.strings(named: "CreatedTime", in: oracle)
        }
        #expect(timestamps.contains { $0.hasSuffix(".000Z") }, "EC2 style, milliseconds")
        #expect(timestamps.contains { $0.count == "2026-11-26T23:43:45.815000Z".count }, "ELBv2 via moto, microseconds")
        #expect(timestamps.contains { !$0.contains(".") }, "no fraction")
        for text in timestamps {
            #expect(AWSTimestamp.parse(text) != nil, "\(text)")
        }
    }
}
