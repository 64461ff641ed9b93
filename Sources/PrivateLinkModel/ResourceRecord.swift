/// A resource's record: a value, or the bytes the store holds it as, read member by member (``StoredRecord``).
///
/// Both answer the same: two records are equal when their values are, whichever way they are held.
public enum ResourceRecord: Sendable, Hashable {
    case value(JSONValue)
    case stored(StoredRecord)

    /// The whole record as a value (read from the bytes each time for a stored record).
    public var value: JSONValue {
        switch self {
        case .value(let value): value
        case .stored(let record): record.value
        }
    }

    /// The member named `key` when the record is an object.
    public subscript(key: String) -> JSONValue? {
        switch self {
        case .value(let value): value[key]
        case .stored(let record): record[key]
        }
    }

    /// The member `key` when it is a string.
    public func string(_ key: String) -> String? {
        switch self {
        case .value(let value): value[key]?.stringValue
        case .stored(let record): record.string(key)
        }
    }

    /// The string elements of the array member `key` (empty when there is none).
    public func strings(_ key: String) -> [String] {
        switch self {
        case .value(let value): (value[key]?.arrayValue ?? []).compactMap(\.stringValue)
        case .stored(let record): record.strings(key)
        }
    }

    /// The string element of the array member `key` when it has exactly one (`strings(key)` is a list of one);
    /// nil otherwise.
    public func soleString(_ key: String) -> String? {
        switch self {
        case .value:
            let strings = strings(key)
            return strings.count == 1 ? strings[0] : nil
        case .stored(let record): return record.soleString(key)
        }
    }

    /// The string member `member` of each object in the array member `key` that has one.
    public func strings(_ key: String, member: String) -> [String] {
        switch self {
        case .value(let value): (value[key]?.arrayValue ?? []).compactMap { $0[member]?.stringValue }
        case .stored(let record): record.strings(key, member: member)
        }
    }

    /// The string members `first` and `second` of each object in the array member `key` whose `first` is a string
    /// (`second` nil when it is absent or not a string): the key and value of each of a resource's `Tags`.
    public func stringPairs(_ key: String, _ first: String, _ second: String) -> [(String, String?)] {
        switch self {
        case .value(let value):
            (value[key]?.arrayValue ?? []).compactMap { element in
                guard case .object = element, let one = element[first]?.stringValue else { return nil }
                return (one, element[second]?.stringValue)
            }
        case .stored(let record): record.stringPairs(key, first, second)
        }
    }

    public static func == (lhs: ResourceRecord, rhs: ResourceRecord) -> Bool {
        if case .stored(let left) = lhs, case .stored(let right) = rhs, left.bytes == right.bytes { return true }
        return lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
