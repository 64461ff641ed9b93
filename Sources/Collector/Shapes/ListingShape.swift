import AWSQuery
import Foundation
import PrivateLinkModel

/// The items of one listing call, compiled from the `ShapeModel` to read records straight from XML.
///
/// ``ShapeDecoder`` turns a response into `JSONValue`s; a collect needs, per record, only its identity, a digest
/// of it as received and, when it changed, the canonical JSON the store keeps. This does those without building
/// the value: structures and lists are resolved to indexes once, each structure's members are kept in the order
/// their names sort (the canonical key order), and a record is written in one pass over its element. What it
/// writes is byte for byte `ShapeDecoder`'s value through `JSONValue.canonicalData()` (tests compare them).
struct ListingShape: Sendable {
    /// A value's shape, resolved.
    enum Value: Sendable, Hashable {
        case string, boolean, integer, long, double
        /// Index into `structures`.
        case structure(Int)
        /// Index into `lists`: the item's value.
        case list(Int)
    }

    /// A structure member, as the canonical writer needs it (a class: the writer walks members without copying them).
    final class Member: Sendable {
        /// The model name, e.g. `ServiceId`.
        let name: String
        /// `"ServiceId":` as canonical JSON bytes.
        let key: [UInt8]
        /// The element it is read from, e.g. `serviceId`.
        let wireName: String
        let value: Value
        /// A flattened list: its items repeat as elements named `wireName` directly inside the structure.
        let flattened: Bool

        init(name: String, wireName: String, value: Value, flattened: Bool) {
            self.name = name
            self.key = RecordWriter.jsonString(name) + [UInt8(ascii: ":")]
            self.wireName = wireName
            self.value = value
            self.flattened = flattened
        }
    }

    /// A structure: members sorted by name, and which members each element name feeds. A class, as `Member` is: the
    /// writer passes a structure for every record and nested value, and a struct's four arrays were each retained.
    final class Structure: Sendable {
        let members: [Member]
        /// Each wire name once, in the order the model declares the members: the order a response's elements come in.
        let wireNames: [(length: Int, name: String)]
        /// Whether a wire name is not ASCII (none in AWS's models): an ASCII element name may then be equal to it as
        /// a `String` with other bytes.
        let hasNonASCIIWireName: Bool
        /// The members each wire name fills (one name may fill several, in member order), one name after the other:
        /// ``targetSlots(forWireName:hint:)`` gives a range of it, which the writer reads in place (returning a
        /// name's own array retained and released it, once for each of a collect's elements).
        let targetList: [Int]
        /// Where each wire name's targets lie in `targetList`, by the wire name's position in `wireNames`.
        private let slots: [Range<Int>]
        /// Every member's `key`, one after the other, and where each lies: the writer appends a key from here, where
        /// appending the member's own array retained and released it for every member written.
        let keyBytes: [UInt8]
        let keyRanges: [Range<Int>]

        /// The structure of `declared`, members in the model's order.
        init(members declared: [Member]) {
            members = declared.sorted { $0.name < $1.name }
            var wireNames: [(length: Int, name: String, targets: [Int])] = []
            for member in declared {
                let position = members.firstIndex { $0 === member }!
                if let known = wireNames.firstIndex(where: { $0.name == member.wireName }) {
                    wireNames[known].targets.append(position)
                    wireNames[known].targets.sort()
                } else {
                    wireNames.append((member.wireName.utf8.count, member.wireName, [position]))
                }
            }
            self.wireNames = wireNames.map { ($0.length, $0.name) }
            hasNonASCIIWireName = declared.contains { $0.wireName.utf8.contains { $0 >= 0x80 } }
            var targetList: [Int] = []
            slots = wireNames.map { entry in
                targetList += entry.targets
                return (targetList.count - entry.targets.count)..<targetList.count
            }
            self.targetList = targetList
            var keyBytes: [UInt8] = []
            keyRanges = members.map { member in
                keyBytes += member.key
                return (keyBytes.count - member.key.count)..<keyBytes.count
            }
            self.keyBytes = keyBytes
        }

        /// The members an element named `name` fills, nil for none. A scan rather than a dictionary: a structure has
        /// a few dozen members, and comparing lengths first rejects nearly all of them for less than hashing the
        /// name cost (a record's every element is looked up).
        func targets(forWireName name: String) -> [Int]? {
            targetSlots(forWireName: name).map { Array(targetList[$0]) }
        }

        /// ``targets(forWireName:)`` as a range of ``targetList``.
        func targetSlots(forWireName name: String) -> Range<Int>? {
            position(ofWireName: name).map { slots[$0] }
        }

        /// The position in ``wireNames`` of `name`, nil for none.
        private func position(ofWireName name: String) -> Int? {
            let length = name.utf8.count
            if let found = wireNames.indices.first(where: {
                wireNames[$0].length == length && wireNames[$0].name == name
            }) {
                return found
            }
            // Strings compare by canonical equivalence, as the dictionary did: a name written with other code points
            // (a Kelvin sign for a K) may match one of another byte length. Then one of the two is not ASCII.
            guard hasNonASCIIWireName || name.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
            return wireNames.indices.first { wireNames[$0].name == name }
        }

        /// `targets(forWireName:)` for a name given as UTF-8 bytes: equal bytes match, and when either side is not
        /// ASCII the name is compared as a `String`.
        func targets(forWireName name: UnsafeRawBufferPointer) -> [Int]? {
            var hint = 0
            return targets(forWireName: name, hint: &hint)
        }

        /// `targets(forWireName:)` for bytes, looking from the wire name at `hint` on (then from the first) and
        /// leaving `hint` just past the one found. A record's elements come in the order of ``wireNames``, absent
        /// members left out, so with `hint` kept across one element's children each is found within a few steps.
        func targets(forWireName name: UnsafeRawBufferPointer, hint: inout Int) -> [Int]? {
            targetSlots(forWireName: name, hint: &hint).map { Array(targetList[$0]) }
        }

        /// ``targets(forWireName:hint:)`` as a range of ``targetList``: what the writer looks up for every element.
        func targetSlots(forWireName name: UnsafeRawBufferPointer, hint: inout Int) -> Range<Int>? {
            position(ofWireName: name, hint: &hint).map { slots[$0] }
        }

        /// The position in ``wireNames`` of `name` given as bytes, looking from `hint` on (see
        /// ``targets(forWireName:hint:)``).
        private func position(ofWireName name: UnsafeRawBufferPointer, hint: inout Int) -> Int? {
            let count = wireNames.count
            var index = hint < count ? hint : 0
            for _ in 0..<count {
                if wireNames[index].length == name.count && Self.sameBytes(wireNames[index].name, name) {
                    hint = index + 1
                    return index
                }
                index = index + 1 == count ? 0 : index + 1
            }
            guard hasNonASCIIWireName || name.contains(where: { $0 >= 0x80 }) else { return nil }
            return position(ofWireName: String(decoding: name, as: UTF8.self))
        }

        /// Whether an element's name, as UTF-8 bytes, is `wireName` as `String`s compare (canonical equivalence).
        static func name(_ name: UnsafeRawBufferPointer, is wireName: String) -> Bool {
            if name.count == wireName.utf8.count, sameBytes(wireName, name) { return true }
            guard name.contains(where: { $0 >= 0x80 }) || wireName.utf8.contains(where: { $0 >= 0x80 }) else {
                return false
            }
            return String(decoding: name, as: UTF8.self) == wireName
        }

        /// Whether `text`'s UTF-8 is `bytes` (of the same length).
        private static func sameBytes(_ text: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
            guard !bytes.isEmpty else { return text.isEmpty }
            return text.utf8.withContiguousStorageIfAvailable {
                memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            } ?? text.utf8.elementsEqual(bytes)
        }
    }

    let operation: ModeledOperation
    let structures: [Structure]
    /// The item value of each list.
    let lists: [Value]
    /// The listed items' value.
    let item: Value
    /// The output member holding the items (`VpcEndpoints`), its element, and whether its items are flattened.
    let resultMember: String
    let resultWireName: String
    let resultFlattened: Bool
    /// What every digest of this listing starts with: a version of the format and the compiled model, so a new
    /// model (or a change to how records are read) never matches a digest stored by an older plinv.
    let salt: [UInt8]

    /// Compiles the items of `operation`'s result key.
    /// - Throws: `CollectorError.unknownShape` when the model lacks a shape the items use.
    init(_ operation: ModeledOperation) throws {
        var compiler = Compiler(model: operation.model)
        guard let resultKey = operation.resultKey,
            case .structure(let output) = try compiler.shape(operation.output),
            let member = output.first(where: { $0.name == resultKey }),
            case .named(let listName) = member.shape, case .list(let item, let flattened) = try compiler.shape(listName)
        else { throw CollectorError.unknownShape(service: operation.model.service, shape: "\(operation.output) items") }
        self.operation = operation
        self.item = try compiler.value(item)
        self.structures = compiler.structures
        self.lists = compiler.lists
        self.resultMember = resultKey
        self.resultWireName = member.wireName
        self.resultFlattened = flattened
        var salt = Array("plinv raw record digest 2\u{0}\(operation.model.service)\u{0}\(operation.name)\u{0}".utf8)
        salt += compiler.fingerprint
        self.salt = Crypto.sha256(salt)
    }

    /// Where a page's items lie, for reading them as bytes (`XMLPage`): the children of the result list, or the
    /// result wrapper's elements of its name when the list is flattened (none when the list is absent).
    var itemPath: XMLItemPath {
        let wrapper = operation.resultWrapper.map { [$0] } ?? []
        return resultFlattened ? XMLItemPath(wrapper, name: resultWireName) : XMLItemPath(wrapper + [resultWireName])
    }

    /// The element the result list is in: the root, or its result wrapper.
    /// - Throws: `CollectorError.missingResultElement` when a query-protocol response lacks its result wrapper.
    func resultParent(in root: XMLNode) throws -> XMLNode {
        guard let wrapper = operation.resultWrapper else { return root }
        guard let wrapped = root.child(wrapper) else {
            throw CollectorError.missingResultElement(operation: operation.name, element: wrapper)
        }
        return wrapped
    }

    /// The text of the first element of member `name` of an item (what the decoded string member would be).
    /// - Throws: `XMLNode.ParseError` for text that is not well-formed.
    func string(_ name: String, in item: XMLElementBytes) throws -> String? {
        guard let wireName = wireName(ofItemMember: name) else { return nil }
        return try item.child(wireName)?.text()
    }

    /// The element name of member `name` of an item, nil when the item is no structure or has no such member.
    func wireName(ofItemMember name: String) -> String? {
        guard case .structure(let index) = self.item else { return nil }
        return structures[index].members.first(where: { $0.name == name })?.wireName
    }

    /// Resolves shape names to indexes, once per listing.
    private struct Compiler {
        let model: ShapeModel
        var structures: [Structure] = []
        var lists: [Value] = []
        var byName: [String: Value] = [:]
        /// Every resolved shape, in the order resolved: what the salt covers.
        var fingerprint: [UInt8] = []

        init(model: ShapeModel) { self.model = model }

        func shape(_ name: String) throws -> Shape {
            guard let shape = model.shapes[name] else {
                throw CollectorError.unknownShape(service: model.service, shape: name)
            }
            return shape
        }

        mutating func value(_ ref: ShapeRef) throws -> Value {
            switch ref {
            case .string, .timestamp, .blob: return .string
            case .boolean: return .boolean
            case .integer: return .integer
            case .long: return .long
            case .double: return .double
            case .named(let name):
                if let resolved = byName[name] { return resolved }
                switch try shape(name) {
                case .list(let member, let flattened):
                    let index = lists.count
                    lists.append(.string)
                    byName[name] = .list(index)
                    fingerprint += Array("L\(name)\u{0}\(flattened ? "true" : "false")\u{0}".utf8)
                    lists[index] = try value(member)
                    return .list(index)
                case .structure(let members):
                    let index = structures.count
                    structures.append(Structure(members: []))
                    byName[name] = .structure(index)
                    fingerprint += Array("S\(name)\u{0}".utf8)
                    var compiled: [Member] = []
                    for member in members {
                        let shapeText = member.shape.saltText
                        fingerprint += Array("M\(member.name)\u{0}\(member.wireName)\u{0}\(shapeText)\u{0}".utf8)
                        var flattened = false
                        if case .named(let target) = member.shape, case .list(_, true) = try shape(target) {
                            flattened = true
                        }
                        compiled.append(
                            Member(
                                name: member.name, wireName: member.wireName, value: try value(member.shape),
                                flattened: flattened))
                    }
                    structures[index] = Structure(members: compiled)
                    return .structure(index)
                }
            }
        }
    }
}

extension ShapeRef {
    /// The text a listing's salt covers for this reference: what `String(describing:)` prints for it, written out
    /// because printing an enum reflects on it, a scan of the binary's conformances the first time (5.7 M
    /// instructions of a small collect). The salt, and so every stored raw digest, stays what it was.
    var saltText: String {
        switch self {
        case .string: "string"
        case .boolean: "boolean"
        case .integer: "integer"
        case .long: "long"
        case .double: "double"
        case .timestamp: "timestamp"
        case .blob: "blob"
        case .named(let name): "named(" + name.debugDescription + ")"
        }
    }
}
