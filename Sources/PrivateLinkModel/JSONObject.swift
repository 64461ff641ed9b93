/// The members of a JSON object, kept in one array sorted by key.
///
/// A record read back from the store has a dozen or so members per object, and a snapshot has hundreds of
/// thousands of such objects. As Swift dictionaries each was a hash table allocated at a quarter empty, with every
/// key hashed once to insert it and again for every lookup; as one sorted array an object is one allocation, a
/// record's canonical (already sorted) members are taken in order without comparing more than neighbours, and a
/// lookup is a binary search of a few string comparisons. Equality and hashing are a dictionary's: the same
/// members in any order written give the same object. Iteration is in key order (String's `<`).
public struct JSONObject: Sendable, Hashable {
    /// One member; the array holds them by ascending key, without repeats.
    @usableFromInline
    struct Member: Sendable, Hashable {
        @usableFromInline var key: String
        @usableFromInline var value: JSONValue

        @inlinable init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members by ascending key (String's `<`), no two with equal keys: what lookups and the canonical writer rely
    /// on.
    @usableFromInline var members: [Member]

    /// An empty object.
    public init() { members = [] }

    /// The members of `dictionary`.
    public init(_ dictionary: [String: JSONValue]) {
        members = dictionary.map { Member(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }

    /// The members `keysAndValues` in any order; nil when a key repeats.
    public init?(uniqueKeysAndValues keysAndValues: some Sequence<(String, JSONValue)>) {
        var members = keysAndValues.map { Member(key: $0.0, value: $0.1) }
        guard Self.sortInPlace(&members) else { return nil }
        self.members = members
    }

    /// An object of `members`, which are in key order with no key repeated (the caller has checked).
    init(membersInKeyOrder members: [Member]) { self.members = members }

    /// Takes `members` (moving their keys and values out) and sorts them; nil when a key repeats, with the keys put
    /// back where they were read, for the reader to name the repeat.
    init?(moving members: inout [JSONMember<JSONValue>], from start: Int) {
        var sorted: [Member] = []
        sorted.reserveCapacity(members.count - start)
        for index in start..<members.count {
            // Key and value both moved out, as the reader drops them next: a copied key was a retain here and a
            // release there, for every member of every record read.
            var key = ""
            var value = JSONValue.null
            swap(&key, &members[index].key)
            swap(&value, &members[index].value)
            sorted.append(Member(key: key, value: value))
        }
        if !Self.isInKeyOrder(sorted) {
            // Written out of order, or a key repeats (never in a stored record): the keys go back first.
            for offset in sorted.indices { members[start + offset].key = sorted[offset].key }
            guard Self.sortInPlace(&sorted) else { return nil }
        }
        self.members = sorted
    }

    /// Whether every key is greater than the one before it: one comparison per member.
    private static func isInKeyOrder(_ members: [Member]) -> Bool {
        var index = 1
        while index < members.count, members[index - 1].key < members[index].key { index += 1 }
        return index >= members.count
    }

    /// Sorts `members` by key; false when two have the same key.
    ///
    /// Members already in key order (every stored record, written canonically) cost one comparison each and are not
    /// moved; any other order is sorted once, then checked for neighbours with the same key.
    private static func sortInPlace(_ members: inout [Member]) -> Bool {
        guard !isInKeyOrder(members) else { return true }
        members.sort { $0.key < $1.key }
        for index in members.indices.dropFirst() where members[index - 1].key == members[index].key { return false }
        return true
    }

    /// Where `key` is, or where it would go: the first member whose key is not less than `key`.
    ///
    /// One `<` per step and one `==` at the end: testing `==` at every step as well was two string comparisons per
    /// step, and looking up members was the largest single function of an audit.
    @inlinable
    func position(of key: String) -> (index: Int, found: Bool) {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return (low, low < members.count && members[low].key == key)
    }

    /// The value of `key`; setting nil removes the member.
    @inlinable
    public subscript(key: String) -> JSONValue? {
        get {
            let (index, found) = position(of: key)
            return found ? members[index].value : nil
        }
        set {
            let (index, found) = position(of: key)
            switch (found, newValue) {
            case (true, let value?): members[index].value = value
            case (true, nil): members.remove(at: index)
            case (false, let value?): members.insert(Member(key: key, value: value), at: index)
            case (false, nil): break
            }
        }
    }

    /// Removes `key`'s member and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        let (index, found) = position(of: key)
        return found ? members.remove(at: index).value : nil
    }

    /// The keys in ascending order (a view: nothing is copied).
    @inlinable
    public var keys: some RandomAccessCollection<String> { members.lazy.map(\.key) }

    /// The values in the order of their keys (a view: nothing is copied).
    @inlinable
    public var values: some RandomAccessCollection<JSONValue> { members.lazy.map(\.value) }

    /// The same keys with each value transformed.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var copy = self
        for index in copy.members.indices { copy.members[index].value = try transform(copy.members[index].value) }
        return copy
    }

    /// The members as a Swift dictionary.
    public var dictionary: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
    }
}

extension JSONObject: RandomAccessCollection {
    public typealias Element = (key: String, value: JSONValue)
    public var startIndex: Int { 0 }
    public var endIndex: Int { members.count }
    public subscript(position: Int) -> Element { (members[position].key, members[position].value) }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public typealias Key = String
    public typealias Value = JSONValue

    /// An object literal; its keys must differ, as a dictionary literal's must.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        guard let object = JSONObject(uniqueKeysAndValues: elements) else {
            preconditionFailure("JSONObject literal with a repeated key")
        }
        self = object
    }
}

extension JSONObject: Codable {
    /// Any string as a coding key.
    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        var members: [Member] = []
        members.reserveCapacity(container.allKeys.count)
        for key in container.allKeys {
            members.append(Member(key: key.stringValue, value: try container.decode(JSONValue.self, forKey: key)))
        }
        guard Self.sortInPlace(&members) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "repeated key"))
        }
        self.members = members
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for member in members { try container.encode(member.value, forKey: Name(stringValue: member.key)) }
    }
}
