/// A stored list of problem records that cannot be read back: whose, which record, and what is wrong with it.
public struct UnreadableProblemRecords: Error, Sendable, Hashable, CustomStringConvertible {
    /// The record's position in the list (0-based); nil when the list itself is unreadable.
    public var record: Int?
    /// What is wrong with the record or the list.
    public var reason: String
    /// The stored report the list belongs to (`"nightly", snapshot 12`), when the reader knows it.
    public var report: String?

    public init(record: Int?, reason: String, report: String? = nil) {
        self.record = record
        self.reason = reason
        self.report = report
    }

    public var description: String {
        "the stored problems of the previous report" + (report.map { " (\($0))" } ?? "") + " are unreadable: "
            + (record.map { "record \($0 + 1): " } ?? "") + reason
            + "; the new, recurring and resolved lifecycle needs them, and a report under another name starts a new "
            + "history"
    }
}
