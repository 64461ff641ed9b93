import TestSupport
import Testing

@testable import Collector

/// Which members an element fills, by its name: what the canonical writer looks up for every element of a record.
@Suite struct ListingShapeTests {
    /// A structure of string members, each `(name, wireName)`, in the order the model would declare them.
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
        let structure = Self.structure([("Key", "Key"), ("Cafe", "caf\u{E9}")])  // members: Cafe, Key
        #expect(structure.targets(forWireName: "\u{212A}ey") == [1])
        #expect(structure.targets(forWireName: "cafe\u{301}") == [0])
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

    // The writer reads a name's targets and a member's key from the structure's flat arrays, in place.
    @Test func theFlatTargetsAndKeysAreEachNamesTargetsAndEachMembersKey() {
        let structure = Self.structure([("Zone", "zone"), ("Arn", "arn"), ("Id", "id"), ("Also", "zone"), ("K", "k")])
        for name in ["zone", "arn", "id", "k", "none", ""] {
            var hint = 0
            let slots = Array(name.utf8).withUnsafeBytes { structure.targetSlots(forWireName: $0, hint: &hint) }
            #expect(slots.map { Array(structure.targetList[$0]) } == structure.targets(forWireName: name), "\(name)")
            #expect(structure.targetSlots(forWireName: name) == slots, "\(name)")
        }
        #expect(structure.keyRanges.count == structure.members.count)
        for (member, range) in zip(structure.members, structure.keyRanges) {
            #expect(Array(structure.keyBytes[range]) == member.key, "\(member.name)")
        }
    }

    // Members are written in name order; elements come in the model's order, which the lookup keeps.
    @Test func membersSortByNameAndWireNamesKeepTheModelsOrder() {
        let structure = Self.structure([("Zone", "zone"), ("Arn", "arn"), ("Id", "id"), ("Also", "zone")])
        #expect(structure.members.map(\.name) == ["Also", "Arn", "Id", "Zone"])
        #expect(structure.wireNames.map(\.name) == ["zone", "arn", "id"])
        #expect(structure.targets(forWireName: "zone") == [0, 3])
        #expect(structure.targets(forWireName: "arn") == [1])
    }

    // The writer passes where the last child was found: whatever the hint, a name finds what it finds without one,
    // and the hint is left just past it.
    @Test(arguments: [1, 2, 3])
    func aLookupFromAnyHintFindsWhatALookupWithoutOneFinds(seed: UInt64) {
        let structure = Self.structure([
            ("VpcEndpointId", "vpcEndpointId"), ("Type", "vpcEndpointType"), ("VpcId", "vpcId"), ("State", "state"),
            ("Tags", "tagSet"), ("OwnerId", "ownerId"), ("Key", "Key"), ("Cafe", "caf\u{E9}"), ("Also", "state"),
        ])
        var generator = SeededGenerator(seed: seed)
        let names = structure.wireNames.map(\.name) + ["\u{212A}ey", "cafe\u{301}", "item", "", "vpcId2", "stat"]
        for _ in 0..<500 {
            let name = names[Int(generator.next() % UInt64(names.count))]
            let start = Int(generator.next() % UInt64(structure.wireNames.count + 2))
            var hint = start
            let found = Array(name.utf8).withUnsafeBytes { structure.targets(forWireName: $0, hint: &hint) }
            #expect(found == structure.targets(forWireName: name), "\(name) from \(start)")
            if let position = structure.wireNames.firstIndex(where: { Array($0.name.utf8) == Array(name.utf8) }) {
                #expect(hint == position + 1, "\(name) from \(start)")
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
