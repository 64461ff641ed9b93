import AWSQuery
import Foundation
import PrivateLinkModel
import Testing

@testable import Collector

/// What a collect gathers from an item (an endpoint's security groups, a service's load balancers) is read from the
/// item's bytes, or from the index its recorder made when the record was new: both must find the same strings.
@Suite struct GatheredItemTests {
    /// The paths a collect gathers, by the kind whose items they are read from, and whether the kind's fixture
    /// holds any such string (it has no gateway load balancer).
    static let gathered: [(ResourceKind, [String], inFixture: Bool)] = [
        (.vpcEndpoint, ["Groups", "GroupId"], true),
        (.endpointService, ["NetworkLoadBalancerArns"], true),
        (.endpointService, ["GatewayLoadBalancerArns"], false),
    ]

    /// The strings `path` reaches in each item of `xml`, read from the bytes and from the item's index.
    static func both(_ kind: ResourceKind, _ path: [String], _ xml: Data) throws -> [(bytes: [String], index: [String])]
    {
        let listing = try ResourceListing.of(kind)
        var found: [(bytes: [String], index: [String])] = []
        var index = XMLElementIndex()
        try RecordWriterTests.withItems(listing, xml) { (_, item) throws in
            #expect(try index.read(item))
            found.append(
                (try listing.shape.strings(path, in: item), try listing.shape.strings(path, in: item, indexed: index)))
        }
        return found
    }

    @Test func theFixturesGiveTheSameStringsFromTheirBytesAndTheirIndex() throws {
        for (kind, path, inFixture) in Self.gathered {
            let found = try Self.both(kind, path, try RecordWriterTests.fixtureBytes(kind))
            #expect(!found.isEmpty)
            #expect(found.contains { !$0.bytes.isEmpty } == inFixture, "\(kind) \(path)")
            for (bytes, index) in found { #expect(index == bytes, "\(kind) \(path)") }
        }
    }

    // Only the first `groupSet` counts; every child of the list is an item whatever its name; an item's first
    // `groupId` counts, references decoded; names may carry a prefix; a `groupId` deeper down is not the item's.
    @Test func theIndexFollowsTheRulesTheBytesFollow() throws {
        let xml = Data(
            """
            <DescribeVpcEndpointsResponse><vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId>\
            <ec2:groupSet><item><groupName>a</groupName><groupId>sg-&amp;1</groupId></item>\
            <item><groupId>sg-2</groupId><groupId>sg-repeat</groupId></item>\
            <other><nested><groupId>sg-deep</groupId></nested><groupId>sg-other</groupId></other>\
            <item><groupName>none</groupName></item><item><ec2:groupId>sg-prefixed</ec2:groupId></item></ec2:groupSet>\
            <groupSet><item><groupId>sg-second-set</groupId></item></groupSet>\
            </item></vpcEndpointSet></DescribeVpcEndpointsResponse>
            """.utf8)
        let found = try Self.both(.vpcEndpoint, ["Groups", "GroupId"], xml)
        #expect(found.count == 1)
        #expect(found.first?.bytes == ["sg-&1", "sg-2", "sg-other", "sg-prefixed"])
        #expect(found.first?.index == found.first?.bytes)
    }

    // A path resolved once reads what the names read: nothing when a name is no member, when the names stop at a
    // structure, or when they go on past a string.
    @Test func aPathThatReachesNoStringReadsNothing() throws {
        let listing = try ResourceListing.of(.vpcEndpoint)
        let xml = try RecordWriterTests.fixtureBytes(.vpcEndpoint)
        #expect(listing.shape.memberPath(["Groups", "GroupId"]).steps?.count == 3)
        let unreachable = [
            ["Groups", "Nonexistent"], ["Groups"], ["Groups", "GroupId", "More"], ["VpcEndpointId", "X"], [],
        ]
        for path in unreachable {
            #expect(listing.shape.memberPath(path).steps == nil, "\(path)")
            for (bytes, index) in try Self.both(.vpcEndpoint, path, xml) {
                #expect(bytes.isEmpty && index.isEmpty, "\(path)")
            }
        }
        // A string member on its own reads the member's text (the endpoint's id), from the bytes and the index.
        let ids = try Self.both(.vpcEndpoint, ["VpcEndpointId"], xml)
        #expect(!ids.isEmpty)
        for (bytes, index) in ids {
            #expect(bytes.count == 1 && bytes.first?.hasPrefix("vpce-") == true)
            #expect(index == bytes)
        }
    }

    @Test func aRecordedItemIsOfferedItsIndexAndACarriedOneIsNot() throws {
        let kind = ResourceKind.vpcEndpoint
        let listing = try ResourceListing.of(kind)
        let xml = try RecordWriterTests.fixtureBytes(kind)
        var ids: [String] = []
        try RecordWriterTests.withItems(listing, xml) { (_, item) throws in ids.append(try listing.id(of: item)) }
        #expect(ids.count > 1)
        // The first item counts as unchanged (its digest is the previous one), the others as new.
        let writer = RecordWriter(listing.shape)
        var firstDigest: UInt128?
        try RecordWriterTests.withItems(listing, xml) { (index, item) throws in
            if index == 0 { firstDigest = writer.digest(item) }
        }
        let recorder = MemoryRecorder(
            scope: Scope(account: "123456789012", region: "us-east-1"),
            previous: ["\(kind.rawValue) \(ids[0])": try #require(firstDigest)])
        var items = ItemRecorder(listing, into: recorder)
        var offered: [Bool] = []
        try RecordWriterTests.withItems(listing, xml) { (index, item) throws in
            let indexed = try items.record(item, index: index)
            offered.append(indexed != nil)
            if let indexed {
                #expect(
                    try listing.shape.strings(["Groups", "GroupId"], in: indexed)
                        == (try listing.shape.strings(["Groups", "GroupId"], in: item)))
            }
        }
        #expect(offered == [false] + Array(repeating: true, count: ids.count - 1))
        #expect(items.recorded == ids.count)
    }

    // A service's connections may be listed twice (the API repeats a page): only the first of each id is recorded,
    // counted and offered its index.
    @Test func aRepeatedIdIsRecordedOnceAndOfferedNoIndexTheSecondTime() throws {
        let kind = ResourceKind.vpcEndpoint
        let listing = try ResourceListing.of(kind)
        let xml = try RecordWriterTests.fixtureBytes(kind)
        let recorder = MemoryRecorder(scope: Scope(account: "123456789012", region: "us-east-1"), previous: [:])
        var items = ItemRecorder(listing, into: recorder, firstOfEachId: true)
        var offered: [Bool] = []
        for _ in 0..<2 {
            try RecordWriterTests.withItems(listing, xml) { (index, item) throws in
                offered.append(try items.record(item, index: index) != nil)
            }
        }
        let count = offered.count / 2
        #expect(count > 1)
        #expect(offered == Array(repeating: true, count: count) + Array(repeating: false, count: count))
        #expect(items.recorded == count)
        #expect(recorder.recorded.withLock { $0.count } == count)
    }
}
