/// An AWS resource tag.
public struct Tag: Sendable, Hashable, Codable, Comparable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    public static func < (lhs: Tag, rhs: Tag) -> Bool { (lhs.key, lhs.value) < (rhs.key, rhs.value) }

    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
    }
}

extension Array where Element == Tag {
    /// The value of the tag named `key`, if present.
    public func value(forKey key: String) -> String? {
        first { $0.key == key }?.value
    }

    /// Tags read from an AWS record's `Tags` member (`[{"Key":…,"Value":…}]`).
    public init(awsTags: JSONValue?) {
        self = (awsTags?.arrayValue ?? []).compactMap { item in
            guard let key = item["Key"]?.stringValue else { return nil }
            return Tag(key: key, value: item["Value"]?.stringValue ?? "")
        }.sorted()
    }
}
