import Foundation

extension String {
    /// Whether this string and `other` have the same UTF-8 bytes. `==` also takes canonically equivalent spellings
    /// (é as one scalar, or as e and a combining accent) as equal, so a text remembered by `==` could print another
    /// spelling than the one asked about. At once when the two share storage; one `memcmp` otherwise.
    @inlinable package func hasSameUTF8(as other: String) -> Bool {
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        guard count > 0 else { return true }
        let compared = utf8.withContiguousStorageIfAvailable { one in
            other.utf8.withContiguousStorageIfAvailable { two in
                one.baseAddress == two.baseAddress || memcmp(one.baseAddress!, two.baseAddress!, count) == 0
            }
        }
        return (compared ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
