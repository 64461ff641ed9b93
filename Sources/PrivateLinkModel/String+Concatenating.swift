extension String {
    /// The parts one after another, in one allocation: building a message by interpolation or `+` regrows its
    /// storage as long values (service names, policy texts) come in, which cost an audit more than its checks.
    /// The parts' UTF-8 is copied straight into the new string's storage (`append` costs a few hundred
    /// instructions per part even when the storage is reserved).
    @inlinable package init(concatenating parts: String...) {
        let count = parts.reduce(0) { $0 + $1.utf8.count }
        self.init(unsafeUninitializedCapacity: count) { storage in
            var offset = 0
            for var part in parts {
                part.withUTF8 { utf8 in
                    guard let source = utf8.baseAddress else { return }
                    (storage.baseAddress! + offset).initialize(from: source, count: utf8.count)
                    offset += utf8.count
                }
            }
            return offset
        }
    }
}
