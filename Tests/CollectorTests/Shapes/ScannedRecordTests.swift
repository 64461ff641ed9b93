import AWSQuery
import Foundation
import PrivateLinkModel
import Testing

@testable import Collector

/// A collect writes a changed record from its item's bytes, indexed in one pass (`XMLElementIndex`), when the item
/// holds only elements and text, and reads it into nodes otherwise: both must give the same JSON, and the same error,
/// byte for byte.
@Suite struct ScannedRecordTests {
    /// What writing one item gave: its JSON or its error, as text.
    static func outcome(_ write: () throws -> UnsafeRawBufferPointer) -> String {
        do {
            return "json " + String(decoding: try write(), as: UTF8.self)
        } catch {
            return "error \(error)"
        }
    }

    /// Each item of `page`, written from nodes and by scanning: whether it was scannable, and both outcomes.
    static func bothWays(
        _ page: String, listing: ListingShape = RecordWriterTests.testListing,
        adding extra: (name: String, value: String)? = nil
    ) throws -> [(scannable: Bool, node: String, scanned: String)] {
        let writer = RecordWriter(listing)
        var elements = XMLElementIndex()
        var results: [(Bool, String, String)] = []
        try XMLPage.parse(Data(page.utf8), items: listing.itemPath).forEachItem { index, item in
            let node = outcome { try writer.writeCanonicalJSON(try item.node(), index: index, adding: extra) }
            do {
                let scannable = try elements.read(item)
                let scanned =
                    scannable ? outcome { try writer.writeCanonicalJSON(elements, index: index, adding: extra) } : node
                results.append((scannable, node, scanned))
            } catch {
                results.append((true, node, "error \(error)"))
            }
        }
        return results
    }

    /// `body` as the only item of a page of the test listing.
    static func page(_ body: String) -> String { "<page><itemSet><item>\(body)</item></itemSet></page>" }

    // Every decoding rule, as `RecordWriterTests.everyDecodingRuleGivesTheDecodersText` has them, then more.
    @Test(
        arguments: RecordWriterTests.decodingRuleBodies + [
            // Text around children, references spelling `true`, spaces kept or trimmed, numbers that do not fit.
            "<name>  a  </name><nested> lead <id>1</id> trail </nested><enabled>tru&#101;</enabled>",
            "<name>\n<x/>\n</name><enabled> true</enabled><count>1&#48;</count>",
            "<count>12x</count>", "<size>&#x31;.5</size>", "<ratio>NaN</ratio>",
            "<thingSet><item><flagSet><member>maybe</member></flagSet></item><item><id>2</id></item></thingSet>",
            "<Value>a</Value><name>n</name><Value>b&amp;c</Value><Value/>",
            // Attributes are read by neither: a bad reference in one is accepted by both.
            "<name a=\"&bogus;\" b='>'>x</name>",
            // A bad reference outside the model is refused by both, where it stands, also before markup that would
            // leave the item to the node reader.
            "<name>x</name>\n<unknown>&bogus;</unknown>", "<unknown>&#0;</unknown>", "<name>&</name>",
            "<unknown>&bogus;</unknown><!-- c -->",
        ])
    func anItemIsWrittenTheSameByScanningAsFromNodes(body: String) throws {
        for extra in [nil, (name: "Name", value: "added"), (name: "Zzz", value: "added")] {
            let results = try Self.bothWays(Self.page(body), adding: extra)
            #expect(results.count == 1)
            for result in results { #expect(result.scanned == result.node, "\(body)") }
        }
    }

    // The node reader sees the item's bytes only: a reference cut off by the item's end is refused as such, even
    // when the document has a `;` soon after it (the whole document's reader would read `&</x></item>;`).
    @Test func aReferenceIsReadWithinItsItemOnly() throws {
        let results = try Self.bothWays("<page><itemSet><item><x>&</x></item>;</itemSet></page>")
        #expect(results.count == 1)
        #expect(results.first?.node.contains("an '&' that starts no entity") == true)
        #expect(results.first?.scanned == results.first?.node)
    }

    /// A listing whose members' wire names hold a `K`, which a Kelvin sign (U+212A) is canonically equal to.
    static let kelvinListing: ListingShape = {
        let model = ShapeModel(
            service: "test", endpointPrefix: "test", apiVersion: "2020-01-01", protocol: .ec2,
            shapes: [
                "Page": .structure([.init("Items", "itemSet", .named("Outputs"))]),
                "Outputs": .list(member: .named("Output"), flattened: false),
                "Output": .structure([.init("Keys", "Key", .named("Flat")), .init("Kind", "Kind", .string)]),
                "Flat": .list(member: .string, flattened: true),
            ])
        return try! ListingShape(
            ModeledOperation(
                model: model, name: "ListThings", output: "Page", resultWrapper: nil, resultKey: "Items",
                outputToken: nil, inputTokenParameter: nil, limitParameter: nil))
    }()

    // Element names compare as Swift strings do, by canonical equivalence: a name spelt with a Kelvin sign is the
    // member's, for a single member and for every item of a flattened list.
    @Test func namesThatAreNotASCIIMatchAsTheNodeReaderMatchesThem() throws {
        let body = "<Key>a</Key><x/><\u{212A}ey>b</\u{212A}ey><\u{212A}ind>k</\u{212A}ind><Key>c</Key>"
        let results = try Self.bothWays(Self.page(body), listing: Self.kelvinListing)
        #expect(results.map(\.node) == [#"json {"Keys":["a","b","c"],"Kind":"k"}"#])
        #expect(results.map(\.scanned) == results.map(\.node))
    }

    /// A listing whose wire names are not ASCII: a Kelvin sign where the element names on the wire have a `K`.
    static let kelvinWireNames: (listing: ListingShape, model: ShapeModel) = {
        let model = ShapeModel(
            service: "test", endpointPrefix: "test", apiVersion: "2020-01-01", protocol: .ec2,
            shapes: [
                "Page": .structure([.init("Items", "itemSet", .named("Outputs"))]),
                "Outputs": .list(member: .named("Output"), flattened: false),
                "Output": .structure([
                    .init("Keys", "\u{212A}eys", .named("Flat")), .init("First", "\u{212A}ey", .string),
                    .init("Second", "Key", .string),
                ]),
                "Flat": .list(member: .string, flattened: true),
            ])
        let listing = try! ListingShape(
            ModeledOperation(
                model: model, name: "ListThings", output: "Page", resultWrapper: nil, resultKey: "Items",
                outputToken: nil, inputTokenParameter: nil, limitParameter: nil))
        return (listing, model)
    }()

    // The other way round: ASCII element names fill members whose wire names are spelt with a Kelvin sign, every
    // item of the flattened list and both members two wire names equal as strings share, as the decoder reads them.
    @Test(arguments: [
        "<Keys>a</Keys><\u{212A}eys>b</\u{212A}eys><x/><Keys>c</Keys>", "<Keys>a</Keys>", "<Key>k</Key>",
        "<\u{212A}ey>k</\u{212A}ey><Key>l</Key>",
    ])
    func asciiNamesFillMembersWhoseWireNamesAreNotASCII(body: String) throws {
        let (listing, model) = Self.kelvinWireNames
        let root = try XMLNode.parse(Data(Self.page(body).utf8))
        let item = try #require(try listing.items(of: root).first)
        let decoded = RecordWriterTests.canonical(try ShapeDecoder.decode(item, as: .named("Output"), in: model))
        let results = try Self.bothWays(Self.page(body), listing: listing)
        #expect(results.map(\.node) == ["json " + decoded])
        #expect(results.map(\.scanned) == results.map(\.node))
    }

    // Such an item is read into nodes, which read its markup; a bad reference after the markup is then the node
    // reader's to refuse.
    @Test func markupOtherThanElementsLeavesTheItemToTheNodeReader() throws {
        for body in [
            "<name>x<!-- c --></name>", "<name><![CDATA[<y>&]]></name>", "<!-- c --><name>x</name>",
            "<name>a<?pi x?>b</name>",
        ] {
            let results = try Self.bothWays(Self.page(body))
            #expect(results.map(\.scannable) == [false], "\(body)")
            #expect(results.first?.node.hasPrefix("json {\"Name\":") == true, "\(body)")
        }
        let refused = try Self.bothWays(Self.page("<!-- c --><unknown>&bogus;</unknown>"))
        #expect(refused.map(\.scannable) == [false])
        #expect(refused.first?.node.contains("unknown entity &bogus;") == true)
        #expect(try Self.bothWays(Self.page("<name>a&amp;b</name>")).map(\.scannable) == [true])
    }

    @Test(arguments: ResourceKind.allCases)
    func everyFixtureItemIsScannableAndWrittenAsFromNodes(kind: ResourceKind) throws {
        let listing = try ResourceListing.of(kind)
        let results = try Self.bothWays(
            String(decoding: try RecordWriterTests.fixtureBytes(kind), as: UTF8.self), listing: listing.shape,
            adding: kind == .allowedPrincipal ? ("ServiceId", "vpce-svc-0") : nil)
        #expect(!results.isEmpty)
        for result in results {
            #expect(result.scannable)
            #expect(result.node.hasPrefix("json "))
            #expect(result.scanned == result.node)
        }
    }
}
