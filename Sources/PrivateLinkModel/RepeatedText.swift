/// A text made from one or two key texts, made again only when a key's bytes change: resources in a row mostly share
/// their scope and type, and a report's rows their scope.
///
/// Keys compare by bytes, never by `==`, which takes canonically equivalent spellings (é as one scalar, or as e and a
/// combining accent) as one: the text of one spelling would be handed out for the other.
package struct RepeatedText: Sendable {
    private var last: (first: String, second: String, text: String)?

    package init() {}

    /// The text `make` makes from `first` and `second`, or the one it made last for the same bytes.
    @inlinable
    package mutating func text(_ first: String, _ second: String = "", make: () -> String) -> String {
        if let cached = cached(first, second) { return cached }
        let text = make()
        remember(first, second, text)
        return text
    }

    /// The text made last, when it was made for these bytes.
    @usableFromInline
    func cached(_ first: String, _ second: String) -> String? {
        guard let last, last.first.hasSameUTF8(as: first), last.second.hasSameUTF8(as: second) else { return nil }
        return last.text
    }

    /// Remembers `text` as made for `first` and `second`.
    @usableFromInline
    mutating func remember(_ first: String, _ second: String, _ text: String) {
        last = (first, second, text)
    }
}
