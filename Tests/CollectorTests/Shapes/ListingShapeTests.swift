import Testing

@testable import Collector

/// Which members an element fills, by its name: what the canonical writer looks up for every element of a record.
@Suite struct ListingShapeTests {
    /// A structure of string members, each `(name, wireName)`, in the order given.
    static func structure(_ members: [(String, String)]) -> ListingShape.Structure {
        ListingShape.Structure(
            members: members.map { ListingShape.Member(name: $0.0, wireName: $0.1, value: .string, flattened: false) })
    }

    @Test func aWireNameFillsEveryMemberReadFromIt() {
        let structure = Self.structure([("A", "x"), ("B", "y"), ("C", "x")])
        #expect(structure.targets(forWireName: "x") == [0, 2])
        #expect(structure.targets(forWireName: "y") == [1])
        #expect(structure.targets(forWireName: "z") == nil)
        #expect(structure.targets(forWireName: "") == nil)
    }

    // The dictionary this replaced, and ShapeDecoder, compare names as Swift strings (canonical equivalence), whose
    // UTF-8 may differ in length: a Kelvin sign is a K, a precomposed é an e with its accent.
    @Test func namesMatchByCanonicalEquivalenceAsTheDecoderMatchesThem() {
        let structure = Self.structure([("Key", "Key"), ("Cafe", "caf\u{E9}")])
        #expect(structure.targets(forWireName: "\u{212A}ey") == [0])
        #expect(structure.targets(forWireName: "cafe\u{301}") == [1])
        #expect(structure.targets(forWireName: "key") == nil)
    }

    // The scanning writer looks names up by their bytes: it must find what the `String` lookup finds.
    @Test func namesGivenAsBytesMatchAsTheirStrings() {
        let structure = Self.structure([("Key", "Key"), ("Cafe", "caf\u{E9}"), ("A", "x"), ("C", "x")])
        for name in ["Key", "\u{212A}ey", "key", "caf\u{E9}", "cafe\u{301}", "x", "y", "", "Ke", "Keyy"] {
            let bytes = Array(name.utf8)
            let found = bytes.withUnsafeBytes { structure.targets(forWireName: $0) }
            #expect(found == structure.targets(forWireName: name), "\(name)")
            for wireName in ["Key", "caf\u{E9}", "x"] {
                let matches = bytes.withUnsafeBytes { ListingShape.Structure.name($0, is: wireName) }
                #expect(matches == (name == wireName), "\(name) vs \(wireName)")
            }
        }
    }

    // A listing's salt (and so every raw digest already stored) covered the printed form of each member's shape
    // reference; the text written out by hand must be those bytes, quotes, backslashes and accents included.
    @Test(arguments: [
        ShapeRef.string, .boolean, .integer, .long, .double, .timestamp, .blob, .named("VpcEndpoint"),
        .named("Odd \"name\" with \\ and caf\u{E9}\n"), .named(""),
    ])
    func aReferencesSaltTextIsItsPrintedForm(reference: ShapeRef) {
        #expect(Array(reference.saltText.utf8) == Array(String(describing: reference).utf8))
    }
}
