import PrivateLinkModel

/// The path and values of the first place where two JSON values differ, for readable test failures.
func firstDifference(_ actual: JSONValue, _ expected: JSONValue, at path: String = "$") -> String? {
    switch (actual, expected) {
    case let (.object(lhs), .object(rhs)):
        for key in Set(lhs.keys).union(rhs.keys).sorted() {
            guard let left = lhs[key], let right = rhs[key] else {
                return "\(path).\(key): \(lhs[key] == nil ? "missing from the decoded value" : "not in the oracle")"
            }
            if let difference = firstDifference(left, right, at: "\(path).\(key)") { return difference }
        }
        return nil
    case let (.array(lhs), .array(rhs)):
        for (index, (left, right)) in zip(lhs, rhs).enumerated() {
            if let difference = firstDifference(left, right, at: "\(path)[\(index)]") { return difference }
        }
        return lhs.count == rhs.count ? nil : "\(path): \(lhs.count) elements, the oracle has \(rhs.count)"
    default:
        return actual == expected ? nil : "\(path): decoded \(actual), the oracle has \(expected)"
    }
}
