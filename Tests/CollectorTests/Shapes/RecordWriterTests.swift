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

    /// Calls `body` with each item of `xml` in `listing`, read as a collect reads them (left as bytes).
    static func withItems(
        _ listing: ResourceListing, _ xml: Data, _ body: (Int, XMLElementBytes) throws -> Void
    ) throws {
        try XMLPage.parse(xml, items: listing.shape.itemPath).forEachItem(body)
    }

    /// The fixture page of `kind` as bytes.
    static func fixtureBytes(_ kind: ResourceKind) throws -> Data {
        try Data(contentsOf: WireFixtureTests.folder.appendingPathComponent("\(kind.listingOperation.name).xml"))
    }

    // A collect reuses one name table from item to item, and from page to page: every kind's items read through one
    // table, in turn, are the items read each on its own.
    @Test func itemsReadThroughOneNameTableAreTheItemsReadAlone() throws {
        var names = XMLNameTable()
        var read = 0
        for kind in ResourceKind.allCases {
            let listing = try ResourceListing.of(kind)
            try Self.withItems(listing, try Self.fixtureBytes(kind)) { _, item in
                let alone = try item.node()
                #expect(try item.node(names: &names) == alone, "\(kind)")
                read += 1
            }
        }
        #expect(read > ResourceKind.allCases.count)
    }

    @Test(arguments: ResourceKind.allCases)
    func itemsLeftAsBytesAreTheItemsOfTheTree(kind: ResourceKind) throws {
        let (listing, items, _) = try Self.fixturePage(kind)
        var read: [XMLNode] = []
        try Self.withItems(listing, try Self.fixtureBytes(kind)) { _, item in read.append(try item.node()) }
        #expect(!read.isEmpty)
        #expect(read == items)
    }

    @Test func idsAndTheFieldsACollectNeedsAreReadAsTheModelTypesReadThem() throws {
        let scope = Scope(account: "123456789012", region: "us-east-1")
        func check<Resource: InventoryResource>(
            _ type: Resource.Type, _ fields: (ResourceListing, XMLElementBytes, Resource) throws -> Void
        ) throws {
            let (listing, _, decoded) = try Self.fixturePage(Resource.kind)
            var checked = 0
            try Self.withItems(listing, try Self.fixtureBytes(Resource.kind)) { (index, item) throws in
                let resource = Resource(scope: scope, raw: decoded[index])
                #expect(try listing.id(of: item) == resource.resourceId)
                try fields(listing, item, resource)
                checked += 1
            }
            #expect(checked == decoded.count && checked > 0)
        }
        try check(VPCEndpoint.self) { (listing, item, endpoint) throws in
            #expect(try listing.shape.strings(["Groups", "GroupId"], in: item) == endpoint.securityGroupIds)
        }
        try check(EndpointService.self) { (listing, item, service) throws in
            #expect(try listing.shape.strings(["NetworkLoadBalancerArns"], in: item) == service.networkLoadBalancerArns)
            #expect(try listing.shape.strings(["GatewayLoadBalancerArns"], in: item) == service.gatewayLoadBalancerArns)
        }
        try check(LoadBalancer.self) { (listing, item, balancer) throws in
            #expect(try listing.shape.string("Type", in: item) == balancer.type)
        }
        try check(AllowedPrincipal.self) { _, _, _ in }
        try check(EndpointConnection.self) { _, _, _ in }
        try check(SecurityGroup.self) { _, _, _ in }
    }

    @Test func aPermissionGetsItsServiceIdOnlyWhenItHasNone() throws {
        let listing = try ResourceListing.of(.allowedPrincipal)
        let writer = RecordWriter(listing.shape)
        let without = Data(
            """
            <r><allowedPrincipals><item><principal>arn:aws:iam::1:root</principal>\
            <principalType>Account</principalType><tagSet/></item></allowedPrincipals></r>
            """.utf8)
        var items = 0
        try Self.withItems(listing, without) { (_, item) throws in
            #expect(try listing.id(of: item, serviceId: "vpce-svc-1") == "vpce-svc-1|arn:aws:iam::1:root")
            #expect(
                try writer.canonicalJSON(item.node(), index: 0, adding: ("ServiceId", "vpce-svc-1"))
                    == #"{"Principal":"arn:aws:iam::1:root","PrincipalType":"Account","ServiceId":"vpce-svc-1","Tags":[]}"#
            )
            items += 1
        }
        let with = Data(
            """
            <r><allowedPrincipals><item><serviceId>vpce-svc-2</serviceId><principal>*</principal></item></allowedPrincipals></r>
            """.utf8)
        try Self.withItems(listing, with) { (_, item) throws in
            #expect(try listing.id(of: item, serviceId: "vpce-svc-1") == "vpce-svc-2|*")
            #expect(
                try writer.canonicalJSON(item.node(), index: 0, adding: ("ServiceId", "vpce-svc-1"))
                    == #"{"Principal":"*","ServiceId":"vpce-svc-2"}"#)
            items += 1
        }
        #expect(items == 2)
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

    /// Item bodies of `testListing` that use every decoding rule between them.
    static let decodingRuleBodies = [
        "<name>a</name><enabled>true</enabled><count> 12 </count><size>-9</size><ratio>0.25</ratio>",
        "<ratio>1</ratio><ratio>2</ratio><created>2026-01-01T00:00:00Z</created><payload>AAE=</payload>",
        "<Value>x</Value><other/><Value>y</Value><thingSet><item><id>1</id><flagSet><member>true</member>"
            + "<member>no</member></flagSet></item><x/></thingSet>",
        "<name></name><thingSet/><nested><id>&lt;&amp;&quot;\\/ caf\u{e9} &#x2603; &#9;&#10;&#13;\u{01}\u{1F}\u{7F}</id></nested>",
        "<enabled>TRUE</enabled><nested/><name>x<y>z</y></name><unknown>1</unknown>",
        "",
    ]

    @Test(arguments: decodingRuleBodies)
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
        var digests: [UInt128] = []
        try withItems(listing, Data(xml.utf8)) { _, item in digests.append(writer.digest(item)) }
        return try #require(digests.first)
    }

    /// A writer reuses one SHA-256 context from item to item: each digest is still the first 128 bits of a fresh
    /// SHA-256 of the listing's salt and the item's bytes, big-endian (what the store keeps as `raw_digest`).
    @Test func eachDigestIsTheSaltedSHA256OfItsItemAlone() throws {
        let listing = try ResourceListing.of(.vpcEndpoint)
        let writer = RecordWriter(listing.shape)
        let xml =
            "<r><vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId></item><item/>"
            + "<item><vpcEndpointId>vpce-3</vpcEndpointId><tagSet/></item></vpcEndpointSet></r>"
        var digests: [UInt128] = []
        var expected: [UInt128] = []
        try Self.withItems(listing, Data(xml.utf8)) { _, item in
            digests.append(writer.digest(item))
            let hash = listing.shape.salt.withUnsafeBytes {
                Crypto.sha256($0, UnsafeRawBufferPointer(rebasing: item.document[item.range]))
            }
            expected.append(hash.prefix(16).reduce(0) { $0 << 8 | UInt128($1) })
        }
        #expect(digests.count == 3)
        #expect(digests == expected)
        #expect(Set(digests).count == 3)
    }

    @Test func theDigestFollowsTheItemsBytesAndNothingElse() throws {
        let endpoint =
            "<r><vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId><tagSet><item><key>a</key>"
            + "<value>b</value></item></tagSet></item></vpcEndpointSet></r>"
        let same = try Self.digest(.vpcEndpoint, endpoint)
        #expect(try Self.digest(.vpcEndpoint, endpoint) == same)
        // What lies around the item (other items, the envelope, layout between items) is not part of it.
        #expect(
            try Self.digest(
                .vpcEndpoint,
                endpoint.replacingOccurrences(of: "<vpcEndpointSet>", with: "<vpcEndpointSet>\n  ")
                    .replacingOccurrences(of: "<r>", with: "<r xmlns=\"x\"><requestId>1</requestId>")) == same)
        // Any change of its bytes is, layout inside it too (the record is then written again, and stays one version).
        for changed in [
            endpoint.replacingOccurrences(of: "<tagSet>", with: "\n  <tagSet>\n"),
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

/// The JSON string writer against `JSONValue`'s, with every character that must be escaped (and some that must not)
/// at every offset of strings up to 40 bytes, and in random runs.
@Suite struct RecordWriterStringTests {
    @Test func everyEscapeAtEveryOffsetIsWrittenAsJSONValueWritesIt() {
        let specials = [
            "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1}", "\u{1F}", " ", "~", "\u{7F}",
            "é", "🍮", "\u{2028}",
        ]
        var checked = 0
        for length in 0...40 {
            for offset in 0...length {
                for special in specials {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: offset))
                    let expected = JSONValue.string(text).canonicalData()
                    #expect(RecordWriter.jsonString(text) == Array(expected), "\(text.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked == 861 * specials.count)  // 41 lengths, each with one offset more than its length
    }

    @Test func runsOfEscapesAndLongStringsAreWrittenAsJSONValueWritesThem() {
        var rng = SeededGenerator(seed: 0x6573_6361_7065)
        // Each byte class the escaping tells apart, at its edges: NUL, 0x1F and the space around the control
        // characters, DEL, and multi-byte characters whose bytes are a quote's or a backslash's with the high bit set
        // ("¢" is C2 A2, U+0700 is DC 80).
        let alphabet: [Character] = [
            "a", "Z", "\"", "\\", "\n", "\u{1}", "é", "🍮", " ", "\u{0}", "\u{1F}", "\u{7F}", "\t", "!", "]", "¢",
            "\u{700}",
        ]
        for _ in 0..<2_000 {
            let text = String(
                (0..<Int.random(in: 0...300, using: &rng)).map { _ in
                    alphabet.randomElement(using: &rng)!
                })
            #expect(RecordWriter.jsonString(text) == Array(JSONValue.string(text).canonicalData()))
        }
    }
}
