import Foundation
import Testing

@testable import Store

@Suite("Stored time")
struct StoredTimeTests {
    /// The oracle is the `ISO8601DateFormatter` (ICU) that wrote every stored time before: a database's `taken_at`
    /// texts must not change their form between two versions of plinv.
    @Test("writes milliseconds in UTC, as ISO8601DateFormatter wrote them")
    func sameTextAsTheFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // Whole seconds, fractions just below and above a millisecond, the ends of days, months and years, a leap
        // day, dates before 1970 and 2001, and random instants from the year 69 to 8307.
        var dates: [Date] = [
            Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSince1970: 0),
            Date(timeIntervalSince1970: -1.5), Date(timeIntervalSince1970: 1_798_761_599.999),
            Date(timeIntervalSince1970: 1_798_761_599.9995), Date(timeIntervalSince1970: 1_798_761_599.9999),
            Date(timeIntervalSince1970: 1_709_164_800.0004), Date(timeIntervalSince1970: 1_709_164_800.0006),
            Date(timeIntervalSince1970: 1_764_200_457.123), Date(timeIntervalSince1970: 1_764_200_457.1239),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -6e10...2e11, using: &generator)))
        }
        for date in dates {
            #expect(StoredTime.text(date) == formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
        #expect(StoredTime.text(Date(timeIntervalSince1970: 1_764_200_457.123)) == "2025-11-26T23:40:57.123Z")
    }
}
