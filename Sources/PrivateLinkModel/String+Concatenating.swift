extension String {
    /// The parts one after another, in one allocation: building a message by interpolation or `+` regrows its
    /// storage as long values (service names, policy texts) come in, which cost an audit more than its checks.
    /// The parts' UTF-8 is copied straight into the new string's storage (`append` costs a few hundred
    /// instructions per part even when the storage is reserved), each part read in place: taking each out of the
    /// list as a variable retained and released it.
    @inlinable package init(concatenating parts: String...) {
        self = parts.withUnsafeBufferPointer { parts in
            var count = 0
            for index in parts.indices { count += parts[index].utf8.count }
            return String(unsafeUninitializedCapacity: count) { storage in
                var offset = 0
                for index in parts.indices {
                    let copied = parts[index].utf8.withContiguousStorageIfAvailable { utf8 in
                        if let source = utf8.baseAddress {
                            (storage.baseAddress! + offset).initialize(from: source, count: utf8.count)
                        }
                        return utf8.count
                    }
                    if let copied {
                        offset += copied
                    } else {
                        // A string without contiguous UTF-8 (one bridged from elsewhere), byte by byte.
                        for byte in parts[index].utf8 {
                            storage[offset] = byte
                            offset += 1
                        }
                    }
                }
                return offset
            }
        }
    }
}
