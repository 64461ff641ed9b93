extension String {
    /// The parts one after another, in one allocation: building a message by interpolation or `+` regrows its
    /// storage as long values (service names, policy texts) come in, which cost an audit more than its checks.
    init(concatenating parts: String...) {
        self.init()
        reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count })
        for part in parts { append(part) }
    }
}
