import AWSQuery
import Foundation
import PrivateLinkModel
import TestSupport
import Testing

@testable import Collector

/// The streaming path writes records straight from XML: its canonical JSON must be, byte for byte, what the
/// store got before (`ShapeDecoder`'s value through `JSONValue.canonicalData()`), and its digest must change
/// with every change of a record and with nothing else.
@Suite struct RecordWriterTests {
    /// The canonical text the decoder's value has.
    static func canonical(_ value: JSONValue) -> String { String(decoding: value.canonicalData(), as: UTF8.self) }

    /// Each listed kind's fixture page: the items the writer sees and the values the decoder gives.
    static func fixturePage(_ kind: ResourceKind) throws -> (
        listing: ResourceListing, items: [XMLNode], decoded: [JSONValue]
    ) {
        let root = try WireFixtureTests.fixture(kind.listingOperation).root
        let listing = try ResourceListing.of(kind)
        return (
            listing, try listing.shape.items(of: root),
            try ShapeDecoder.decodePage(operation: kind.listingOperation, root: root).items
        )
    }

    @Test(arguments: ResourceKind.allCases)
    func fixtureRecordsAreWrittenAsTheDecoderCanonicalisesThem(kind: ResourceKind) throws {
        let (listing, items, decoded) = try Self.fixturePage(kind)
        #expect(!items.isEmpty && items.count == decoded.count)
        let writer = RecordWriter(listing.shape)
        for (index, (item, value)) in zip(items, decoded).enumerated() {
            #expect(try writer.canonicalJSON(item, index: index) == Self.canonical(value), "\(kind) item \(index)")
        }
    }

    @Test func idsAndTheFieldsACollectNeedsAreReadAsTheModelTypesReadThem() throws {
        let scope = Scope(account: "123456789012", region: "us-east-1")
        func check<Resource: InventoryResource>(
            _ type: Resource.Type, _ fields: (ResourceListing, XMLNode, Resource) -> Void
        ) throws {
            let (listing, items, decoded) = try Self.fixturePage(Resource.kind)
            for (item, value) in zip(items, decoded) {
                let resource = Resource(scope: scope, raw: value)
                #expect(listing.id(of: item) == resource.resourceId)
                fields(listing, item, resource)
            }
        }
        try check(VPCEndpoint.self) { listing, item, endpoint in
            #expect(listing.shape.strings(["Groups", "GroupId"], in: item) == endpoint.securityGroupIds)
        }
        try check(EndpointService.self) { listing, item, service in
            #expect(listing.shape.strings(["NetworkLoadBalancerArns"], in: item) == service.networkLoadBalancerArns)
            #expect(listing.shape.strings(["GatewayLoadBalancerArns"], in: item) == service.gatewayLoadBalancerArns)
        }
        try check(LoadBalancer.self) { listing, item, balancer in
            #expect(listing.shape.string("Type", in: item) == balancer.type)
        }
        try check(AllowedPrincipal.self) { _, _, _ in }
        try check(EndpointConnection.self) { _, _, _ in }
        try check(SecurityGroup.self) { _, _, _ in }
    }

    @Test func aPermissionGetsItsServiceIdOnlyWhenItHasNone() throws {
        let listing = try ResourceListing.of(.allowedPrincipal)
        let without = try XMLNode.parse(
            Data(
                """
                <r><allowedPrincipals><item><principal>arn:aws:iam::1:root</principal>\
                <principalType>Account</principalType><tagSet/></item></allowedPrincipals></r>
                """.utf8))
        let item = try #require(try listing.shape.items(of: without).first)
        let writer = RecordWriter(listing.shape)
        #expect(listing.id(of: item, serviceId: "vpce-svc-1") == "vpce-svc-1|arn:aws:iam::1:root")
        #expect(
            try writer.canonicalJSON(item, index: 0, adding: ("ServiceId", "vpce-svc-1"))
                == #"{"Principal":"arn:aws:iam::1:root","PrincipalType":"Account","ServiceId":"vpce-svc-1","Tags":[]}"#)

        let with = try XMLNode.parse(
            Data(
                """
                <r><allowedPrincipals><item><serviceId>vpce-svc-2</serviceId><principal>*</principal></item></allowedPrincipals></r>
                """.utf8))
        let listed = try #require(try listing.shape.items(of: with).first)
        #expect(listing.id(of: listed, serviceId: "vpce-svc-1") == "vpce-svc-2|*")
        #expect(
            try writer.canonicalJSON(listed, index: 0, adding: ("ServiceId", "vpce-svc-1"))
                == #"{"Principal":"*","ServiceId":"vpce-svc-2"}"#)
    }

    /// A made-up listing over `ShapeDecoderTests.model`, whose items use every rule the generated models happen not to.
    static let testListing: ListingShape = {
        var shapes = ShapeDecoderTests.model.shapes
        shapes["Page"] = .structure([.init("Items", "itemSet", .named("Outputs"))])
        shapes["Outputs"] = .list(member: .named("Output"), flattened: false)
        let model = ShapeModel(
            service: "test", endpointPrefix: "test", apiVersion: "2020-01-01", protocol: .ec2, shapes: shapes)
        return try! ListingShape(
            ModeledOperation(
                model: model, name: "ListThings", output: "Page", resultWrapper: nil, resultKey: "Items",
                outputToken: nil,
                inputTokenParameter: nil, limitParameter: nil))
    }()

    @Test(arguments: [
        "<name>a</name><enabled>true</enabled><count> 12 </count><size>-9</size><ratio>0.25</ratio>",
        "<ratio>1</ratio><ratio>2</ratio><created>2026-01-01T00:00:00Z</created><payload>AAE=</payload>",
        "<Value>x</Value><other/><Value>y</Value><thingSet><item><id>1</id><flagSet><member>true</member>"
            + "<member>no</member></flagSet></item><x/></thingSet>",
        "<name></name><thingSet/><nested><id>&lt;&amp;&quot;\\/ caf\u{e9} &#x2603; &#9;&#10;&#13;\u{01}\u{1F}\u{7F}</id></nested>",
        "<enabled>TRUE</enabled><nested/><name>x<y>z</y></name><unknown>1</unknown>",
        "",
    ])
    func everyDecodingRuleGivesTheDecodersText(body: String) throws {
        let root = try XMLNode.parse(Data("<page><itemSet><item>\(body)</item></itemSet></page>".utf8))
        let item = try #require(try Self.testListing.items(of: root).first)
        let value = try ShapeDecoder.decode(item, as: .named("Output"), in: Self.testListing.operation.model)
        let writer = RecordWriter(Self.testListing)
        #expect(try writer.canonicalJSON(item, index: 0) == Self.canonical(value))
    }

    @Test func aMalformedValueNamesTheDecodersPath() throws {
        let listing = try ResourceListing.of(.securityGroup)
        let root = try XMLNode.parse(
            Data(
                """
                <r><securityGroupInfo><item><groupId>sg-1</groupId></item><item><groupId>sg-2</groupId><ipPermissions>\
                <item><fromPort>443</fromPort></item><item><fromPort>x4</fromPort></item></ipPermissions></item>\
                </securityGroupInfo></r>
                """.utf8))
        let decoderError = #expect(throws: CollectorError.self) {
            try ShapeDecoder.decodePage(operation: .describeSecurityGroups, root: root)
        }
        let writer = RecordWriter(listing.shape)
        let items = try listing.shape.items(of: root)
        _ = try writer.canonicalJSON(items[0], index: 0)
        let writerError = #expect(throws: CollectorError.self) { try writer.canonicalJSON(items[1], index: 1) }
        #expect(writerError == decoderError)
        #expect(
            writerError
                == .malformedValue(
                    operation: "DescribeSecurityGroups",
                    path: "DescribeSecurityGroupsResult.SecurityGroups[1].IpPermissions[1].FromPort",
                    type: "integer", text: "x4"))
    }

    @Test(arguments: ["NaN", "inf", "-infinity"])
    func aNumberJSONCannotHoldIsRefused(text: String) throws {
        let root = try XMLNode.parse(Data("<page><itemSet><item><ratio>\(text)</ratio></item></itemSet></page>".utf8))
        let writer = RecordWriter(Self.testListing)
        #expect(
            throws: CollectorError.malformedValue(
                operation: "ListThings", path: "Page.Items[0].Ratio", type: "double", text: text)
        ) {
            try writer.canonicalJSON(try #require(try Self.testListing.items(of: root).first), index: 0)
        }
    }

    /// The digest of the first item of `xml` in `kind`'s listing.
    static func digest(_ kind: ResourceKind, _ xml: String) throws -> UInt128 {
        let listing = try ResourceListing.of(kind)
        let writer = RecordWriter(listing.shape)
        return writer.digest(try #require(try listing.shape.items(of: try XMLNode.parse(Data(xml.utf8))).first))
    }

    @Test func theDigestFollowsTheRecordAndNothingElse() throws {
        let endpoint =
            "<r><vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId><tagSet><item><key>a</key>"
            + "<value>b</value></item></tagSet></item></vpcEndpointSet></r>"
        let same = try Self.digest(.vpcEndpoint, endpoint)
        #expect(try Self.digest(.vpcEndpoint, endpoint) == same)
        // Layout between elements is not part of the record.
        #expect(
            try Self.digest(.vpcEndpoint, endpoint.replacingOccurrences(of: "<tagSet>", with: "\n  <tagSet>\n")) == same
        )
        // Any change of a name, a text or the nesting is.
        for changed in [
            endpoint.replacingOccurrences(of: "<value>b</value>", with: "<value>c</value>"),
            endpoint.replacingOccurrences(of: "<key>a</key><value>b</value>", with: "<key>ab</key><value></value>"),
            endpoint.replacingOccurrences(of: "</key><value>", with: "</key><other/><value>"),
            endpoint.replacingOccurrences(of: "vpce-1", with: "vpce-2"),
        ] {
            #expect(try Self.digest(.vpcEndpoint, changed) != same, "\(changed)")
        }
        // The same bytes listed by another call are another record.
        let group =
            "<r><securityGroupInfo><item><vpcEndpointId>vpce-1</vpcEndpointId><tagSet><item><key>a</key>"
            + "<value>b</value></item></tagSet></item></securityGroupInfo></r>"
        #expect(try Self.digest(.securityGroup, group) != same)
    }

    @Test(.timeLimit(.minutes(3)))
    func mutatedPagesAreWrittenAsTheDecoderCanonicalisesThem() throws {
        let executions = XMLFuzzTests.executions / 2
        var rng = SeededGenerator(seed: 0x636F_6C6C_6563)
        let pages = try ResourceKind.allCases.map { kind in
            (
                kind,
                Array(
                    try Data(
                        contentsOf: WireFixtureTests.folder.appendingPathComponent("\(kind.listingOperation.name).xml"))
                )
            )
        }
        var compared = 0, refused = 0
        for execution in 0..<executions {
            let (kind, original) = pages[execution % pages.count]
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes = ByteMutation.allCases.randomElement(using: &rng)!
                    .apply(to: bytes, other: pages.randomElement(using: &rng)!.1, using: &rng)
            }
            guard let root = try? XMLNode.parse(Data(bytes)) else { continue }
            let listing = try ResourceListing.of(kind)
            let writer = RecordWriter(listing.shape)
            let decoded = Result { try ShapeDecoder.decodePage(operation: kind.listingOperation, root: root).items }
            guard let items = try? listing.shape.items(of: root) else {
                #expect(throws: CollectorError.self) { try decoded.get() }
                continue
            }
            let written = items.enumerated().map { index, item in
                Result { try writer.canonicalJSON(item, index: index) }
            }
            switch decoded {
            case .success(let values):
                #expect(values.count == written.count)
                for (value, text) in zip(values, written) {
                    if value.holdsNonFiniteNumber {
                        #expect(throws: CollectorError.self) { try text.get() }
                    } else {
                        #expect(try text.get() == Self.canonical(value))
                        compared += 1
                    }
                }
            case .failure:
                // Some item does not fit: the writer refuses one too (it may name another value first).
                #expect(written.contains { (try? $0.get()) == nil })
                refused += 1
            }
        }
        print("record writer fuzz: \(executions) pages, \(compared) records equal, \(refused) pages refused by both")
        #expect(compared > 0)
    }
}
