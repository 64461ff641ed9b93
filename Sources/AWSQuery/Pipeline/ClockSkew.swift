import Foundation
import Synchronization

/// The difference between the service's clock and this machine's, learnt from skew errors and applied to every
/// later signature of the client (its copies share it).
public final class ClockSkew: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    /// A skew smaller than this is not corrected (SigV4 accepts 5 minutes; the SDKs correct above 4).
    public static let threshold: TimeInterval = 240

    /// Error codes that a skewed clock causes, as the AWS SDKs list them.
    public static let codes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "SignatureDoesNotMatch",
        "InvalidSignatureException",
    ]

    public init() {}

    /// The seconds added to this machine's clock when signing.
    public var seconds: TimeInterval { offset.withLock { $0 } }

    /// `date` moved by the learnt offset.
    public func corrected(_ date: Date) -> Date { date.addingTimeInterval(seconds) }

    /// Learns the offset from a skew error whose response `Date` is more than `threshold` away from the corrected
    /// client time; returns the new offset, or nil when the error is not a skew the offset would fix.
    public func correct(after error: QueryError, response: HTTPResponse, clientTime: Date) -> TimeInterval? {
        guard let code = error.code, Self.codes.contains(code),
            let text = response.headers["date"], let serverTime = Self.parseHTTPDate(text)
        else { return nil }
        let skew = serverTime.timeIntervalSince(clientTime)
        return offset.withLock { current -> TimeInterval? in
            guard abs(skew - current) > Self.threshold else { return nil }
            current = skew
            return skew
        }
    }

    /// An HTTP `Date` header (`Tue, 01 Dec 2026 15:17:38 GMT`, RFC 7231's preferred form).
    public static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
