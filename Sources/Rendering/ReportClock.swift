import Foundation

/// The generation time every report prints, made reproducible as https://reproducible-builds.org/specs/source-date-epoch/
/// describes: when `SOURCE_DATE_EPOCH` is set, it is the time, so the same snapshot renders byte-identical reports on
/// any day.
public enum ReportClock {
    /// The environment variable read.
    public static let variable = "SOURCE_DATE_EPOCH"

    /// `SOURCE_DATE_EPOCH` (whole seconds since 1970-01-01 UTC) when the environment sets it, otherwise `now`.
    ///
    /// An empty value counts as unset; any other value that is not a non-negative whole number is an error rather than
    /// a silent fallback to today, which would defeat the point.
    public static func generationTime(
        environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()
    ) throws -> Date {
        guard let text = environment[variable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return now }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int64(text) else {
            throw RenderingError.invalidSourceDateEpoch(value: text)
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
