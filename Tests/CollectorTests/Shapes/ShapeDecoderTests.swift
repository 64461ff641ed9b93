import AWSQuery
import Foundation
import PrivateLinkModel
import Testing

@testable import Collector

/// The decoding rules, one at a time, on small hand-written documents.
@Suite struct ShapeDecoderTests {
    /// A made-up query-protocol model that exercises what the generated models happen not to use.
    static let model = ShapeModel(
        service: "test", endpointPrefix: "test", apiVersion: "2020-01-01", protocol: .query,
        shapes: [
            "Output": .structure([
                .init("Name", "name", .string),
                .init("Enabled", "enabled", .boolean),
                .init("Count", "count", .integer),
                .init("Size", "size", .long),
                .init("Ratio", "ratio", .double),
                .init("Created", "created", .timestamp),
                .init("Payload", "payload", .blob),
                .init("Values", "Value", .named("FlatStrings")),
                .init("Things", "thingSet", .named("Things")),
                .init("Nested", "nested", .named("Nested")),
            ]),
            "FlatStrings": .list(member: .string, flattened: true),
            "Things": .list(member: .named("Nested"), flattened: false),
            "Nested": .structure([.init("Id", "id", .string), .init("Flags", "flagSet", .named("Flags"))]),
            "Flags": .list(member: .boolean, flattened: false),
        ]
    )

    static func decode(_ xml: String) throws -> JSONValue {
        try ShapeDecoder.decode(try XMLNode.parse(Data(xml.utf8)), as: .named("Output"), in: model)
    }

    /// Decodes `xml` as one page of `operation`.
    static func page(_ operation: ModeledOperation, _ xml: String) throws -> (items: [JSONValue], nextToken: String?) {
        try ShapeDecoder.decodePage(operation: operation, root: try XMLNode.parse(Data(xml.utf8)))
    }

    @Test func scalarsBecomeTypedJSONAndTimestampsStayAsOnTheWire() throws {
        let value = try Self.decode(
            """
            <r><name> two  spaces </name><enabled>true</enabled><count>-42</count><size>9007199254740993</size>\
            <ratio>0.25</ratio><created>2026-11-26T23:43:45.815000Z</created><payload>aGk=</payload></r>
            """)
        #expect(
            value
                == .object([
                    "Name": .string(" two  spaces "), "Enabled": .bool(true), "Count": .integer(-42),
                    "Size": .integer(9_007_199_254_740_993), "Ratio": .double(0.25),
                    "Created": .string("2026-11-26T23:43:45.815000Z"), "Payload": .string("aGk="),
                ]))
    }

    @Test(arguments: ["false", "True", "TRUE", "1", ""])
    func onlyTheExactTextTrueIsTrue(text: String) throws {
        #expect(try Self.decode("<r><enabled>\(text)</enabled></r>")["Enabled"] == .bool(false))
    }

    @Test func missingMembersAreLeftOutAndEmptyOnesKept() throws {
        let value = try Self.decode("<r><name/><thingSet/><nested></nested></r>")
        #expect(value == .object(["Name": .string(""), "Things": .array([]), "Nested": .object([:])]))
        #expect(try Self.decode("<r><name>  </name></r>")["Name"] == .string("  "), "whitespace is text")
        #expect(try Self.decode("<r/>") == .object([:]))
    }

    @Test func flattenedListsCollectTheRepeatedElements() throws {
        let value = try Self.decode("<r><Value>a</Value><name>n</name><Value>b</Value><Value>c</Value></r>")
        #expect(value["Values"] == .array([.string("a"), .string("b"), .string("c")]))
        #expect(try Self.decode("<r><Value>only</Value></r>")["Values"] == .array([.string("only")]))
    }

    @Test func wrappedListsTakeEveryChildWhateverItsName() throws {
        let value = try Self.decode(
            """
            <r><thingSet><item><id>1</id><flagSet><item>true</item><member>false</member></flagSet></item>\
            <member><id>2</id></member></thingSet></r>
            """)
        #expect(
            value["Things"]
                == .array([
                    .object(["Id": .string("1"), "Flags": .array([.bool(true), .bool(false)])]),
                    .object(["Id": .string("2")]),
                ]))
    }

    @Test func elementsOutsideTheModelAreDropped() throws {
        let value = try Self.decode(
            """
            <r><requestId>x</requestId><nested><id>7</id><newField>later</newField></nested><Name>caps</Name></r>
            """)
        #expect(value == .object(["Nested": .object(["Id": .string("7")])]))
    }

    @Test func aRepeatedSingleElementReadsTheFirst() throws {
        #expect(try Self.decode("<r><name>first</name><name>second</name></r>")["Name"] == .string("first"))
    }

    @Test func escapedAndUnicodeTextIsDecoded() throws {
        let value = try Self.decode(
            "<r><name>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; caf\u{e9} &#x2603;</name></r>")
        #expect(value["Name"] == .string("<a> & \"b\" 'c' café ☃"))
    }

    @Test func aBadNumberNamesItsPath() throws {
        let error = try #require(throws: CollectorError.self) {
            try Self.decode("<r><thingSet><item/></thingSet><count>12x</count></r>")
        }
        #expect(error == .malformedValue(operation: "response", path: "r.Count", type: "integer", text: "12x"))
        #expect(error.description.contains("r.Count"))
    }

    @Test func nestedStructuresOfTheEC2Model() throws {
        let xml = """
            <DescribeVpcEndpointsResponse><vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId>\
            <dnsOptions><dnsRecordIpType>ipv4</dnsRecordIpType>\
            <privateDnsOnlyForInboundResolverEndpoint>false</privateDnsOnlyForInboundResolverEndpoint></dnsOptions>\
            <lastError><code>E</code><message>m</message></lastError>\
            <ipv4PrefixSet><item><subnetId>subnet-1</subnetId><ipPrefixSet><item>10.0.0.0/28</item></ipPrefixSet>\
            </item></ipv4PrefixSet></item></vpcEndpointSet></DescribeVpcEndpointsResponse>
            """
        let page = try Self.page(.describeVpcEndpoints, xml)
        #expect(page.nextToken == nil)
        #expect(
            page.items == [
                .object([
                    "VpcEndpointId": .string("vpce-1"),
                    "DnsOptions": .object([
                        "DnsRecordIpType": .string("ipv4"),
                        "PrivateDnsOnlyForInboundResolverEndpoint": .bool(false),
                    ]),
                    "LastError": .object(["Code": .string("E"), "Message": .string("m")]),
                    "Ipv4Prefixes": .array([
                        .object(["SubnetId": .string("subnet-1"), "IpPrefixes": .array([.string("10.0.0.0/28")])])
                    ]),
                ])
            ])
    }

    @Test func privateDnsNameConfigurationAndIntegersOfSecurityGroupRules() throws {
        let xml = """
            <r><serviceConfigurationSet><item><serviceId>vpce-svc-1</serviceId><privateDnsNameConfiguration>\
            <state>pendingVerification</state><type>TXT</type><value>v</value><name>_n</name>\
            </privateDnsNameConfiguration></item></serviceConfigurationSet><nextToken></nextToken></r>
            """
        let page = try Self.page(.describeVpcEndpointServiceConfigurations, xml)
        #expect(page.nextToken == nil, "an empty token ends the listing")
        #expect(
            page.items.first?["PrivateDnsNameConfiguration"]
                == .object([
                    "State": .string("pendingVerification"), "Type": .string("TXT"),
                    "Value": .string("v"), "Name": .string("_n"),
                ]))

        let groups = """
            <r><securityGroupInfo><item><groupDescription>d</groupDescription><ipPermissions><item>\
            <fromPort>-1</fromPort><toPort>65535</toPort><groups><item><userId>1</userId><groupId>sg-2</groupId>\
            <peeringStatus>active</peeringStatus></item></groups></item></ipPermissions></item></securityGroupInfo>\
            <nextToken>t1</nextToken></r>
            """
        let sgPage = try Self.page(.describeSecurityGroups, groups)
        #expect(sgPage.nextToken == "t1")
        #expect(
            sgPage.items == [
                .object([
                    "Description": .string("d"),
                    "IpPermissions": .array([
                        .object([
                            "FromPort": .integer(-1), "ToPort": .integer(65535),
                            "UserIdGroupPairs": .array([
                                .object([
                                    "UserId": .string("1"), "GroupId": .string("sg-2"),
                                    "PeeringStatus": .string("active"),
                                ])
                            ]),
                        ])
                    ]),
                ])
            ])
    }

    @Test func queryProtocolReadsInsideTheResultElementAndPagesByNextMarker() throws {
        let xml = """
            <DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers><member>\
            <LoadBalancerName>a</LoadBalancerName><State><Code>active</Code></State></member></LoadBalancers>\
            <NextMarker>m2</NextMarker></DescribeLoadBalancersResult><ResponseMetadata><RequestId>r</RequestId>\
            </ResponseMetadata></DescribeLoadBalancersResponse>
            """
        let page = try Self.page(.describeLoadBalancers, xml)
        #expect(page.nextToken == "m2")
        #expect(
            page.items == [
                .object(["LoadBalancerName": .string("a"), "State": .object(["Code": .string("active")])])
            ])
    }

    @Test func aQueryResponseWithoutItsResultElementIsAnError() throws {
        let root = try XMLNode.parse(Data("<GetCallerIdentityResponse><Other/></GetCallerIdentityResponse>".utf8))
        #expect(
            throws: CollectorError.missingResultElement(
                operation: "GetCallerIdentity", element: "GetCallerIdentityResult")
        ) {
            try ShapeDecoder.decodeOutput(operation: .getCallerIdentity, root: root)
        }
    }

    @Test func aPageWithoutItsResultElementHasNoItems() throws {
        let page = try Self.page(
            .describeVpcEndpoints,
            "<DescribeVpcEndpointsResponse><requestId>x</requestId></DescribeVpcEndpointsResponse>")
        #expect(page.items.isEmpty)
        #expect(page.nextToken == nil)
    }

    @Test func anUnknownShapeNameIsAnError() throws {
        #expect(throws: CollectorError.unknownShape(service: "test", shape: "Nope")) {
            try ShapeDecoder.decode(XMLNode(name: "r"), as: .named("Nope"), in: Self.model)
        }
    }
}
