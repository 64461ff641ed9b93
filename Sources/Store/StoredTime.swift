import Foundation

/// Timestamps as the database stores them for people: ISO 8601 UTC with milliseconds.
enum StoredTime {
    /// `2026-11-26T23:40:57.123Z` for `date`: the text `ISO8601DateFormatter` wrote, rounded to the nearest millisecond
    /// as it rounds.
    ///
    /// Written here rather than by an `ISO8601DateFormatter`, an ICU object: building the first one loads ICU's locale
    /// and number-format data, about 1.5 % of the CPU of a first collect of 10,000 endpoints (`perf record`), for the
    /// one timestamp a save writes. (`Date.ISO8601FormatStyle` truncates the fraction instead: `57.1239` would be
    /// stored as `57.123` where every earlier plinv stored `57.124`.)
    static func text(_ date: Date) -> String {
        let milliseconds = ((date.timeIntervalSince1970) * 1000 + 0.5).rounded(.down)
        guard abs(milliseconds) < 2.5e14 else { return formatterText(date) }  // years far outside 1600…9999
        let (days, time) = floorDivision(Int64(milliseconds), by: 86_400_000)
        let (year, month, day) = civilDate(daysSince1970: days)
        // ICU's calendar is Julian before October 1582; the arithmetic here is Gregorian only.
        guard (1600...9999).contains(year) else { return formatterText(date) }
        var text: [UInt8] = []
        text.reserveCapacity(24)
        append(year, digits: 4, to: &text, then: "-")
        append(month, digits: 2, to: &text, then: "-")
        append(day, digits: 2, to: &text, then: "T")
        append(time / 3_600_000, digits: 2, to: &text, then: ":")
        append(time / 60_000 % 60, digits: 2, to: &text, then: ":")
        append(time / 1000 % 60, digits: 2, to: &text, then: ".")
        append(time % 1000, digits: 3, to: &text, then: "Z")
        return String(decoding: text, as: UTF8.self)
    }

    /// `value`'s last `digits` decimal digits, zero-padded, then `separator`.
    private static func append(_ value: Int64, digits: Int, to text: inout [UInt8], then separator: Unicode.Scalar) {
        var divisor: Int64 = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
        text.append(UInt8(ascii: separator))
    }

    /// `value ÷ divisor` rounded down, and the remainder, which is never negative.
    private static func floorDivision(_ value: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let (era, dayOfEra) = floorDivision(days + 719_468, by: 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 is March
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// What an `ISO8601DateFormatter` writes, for the years the arithmetic above does not write (no snapshot's).
    private static func formatterText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
