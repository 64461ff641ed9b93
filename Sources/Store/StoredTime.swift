import Foundation

/// Timestamps as the database stores them for people: ISO 8601 UTC with milliseconds.
enum StoredTime {
    /// `2026-11-26T23:40:57.123Z` for `date`.
    static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
