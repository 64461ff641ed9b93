import Foundation

/// An HTTP request as the client sends it; the body is exactly the bytes that were signed.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// Header fields in order; never logged (they hold the Authorization header).
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, url: URL, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { Self.namesMatch($0.0, name) }?.1
    }

    /// Whether two header names are equal ignoring case: ASCII folding for ASCII names (all HTTP field names are),
    /// Foundation's case-insensitive comparison otherwise.
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else {
            return !(lhs.utf8.allSatisfy { $0 < 0x80 } && rhs.utf8.allSatisfy { $0 < 0x80 })
                && lhs.caseInsensitiveCompare(rhs) == .orderedSame
        }
        for (a, b) in zip(left, right) where a != b {
            if a >= 0x80 || b >= 0x80 { return lhs.caseInsensitiveCompare(rhs) == .orderedSame }
            guard a | 0x20 == b | 0x20, (a | 0x20) >= UInt8(ascii: "a"), (a | 0x20) <= UInt8(ascii: "z") else {
                return false
            }
        }
        return true
    }
}

/// An HTTP response: status, headers (lowercased names) and the whole body.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// The header fields by lowercased name; a name the transport read more than once has its values joined by ", ".
    public var headers: [String: String] {
        get {
            switch storedHeaders {
            case .fields(let fields): fields
            case .lines(let lines): lines.fields
            }
        }
        set { storedHeaders = .fields(newValue) }
    }
    public var body: Data
    /// The fields as given, or the lines as the transport read them (read into fields when asked).
    private var storedHeaders: StoredHeaders

    /// Header fields given as a dictionary, or as received.
    private enum StoredHeaders: Sendable {
        case fields([String: String])
        case lines(HTTPHeaderLines)
    }

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.storedHeaders = .fields(
            Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 }))
        self.body = body
    }

    /// A response whose header lines are as the transport read them.
    init(status: Int, headerLines: HTTPHeaderLines, body: Data) {
        self.status = status
        self.storedHeaders = .lines(headerLines)
        self.body = body
    }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers == rhs.headers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(headers)
        hasher.combine(body)
    }
}

/// Sends one HTTP request. Throws `QueryError.network` or `.cancelled`, never a status error.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Whether ``send(_:notBefore:)`` waits on the transport's own schedule rather than in the calling task, so that
    /// a rate-limited call hands its wait over instead of sleeping first.
    var schedulesRequests: Bool { get }

    /// Sends `request` no earlier than `start`. Cancelling the task while it waits ends it as `.cancelled`, unsent.
    func send(_ request: HTTPRequest, notBefore start: ContinuousClock.Instant) async throws -> HTTPResponse
}

extension HTTPTransport {
    public var schedulesRequests: Bool { false }

    /// Sleeps until `start` in the calling task, then sends.
    public func send(_ request: HTTPRequest, notBefore start: ContinuousClock.Instant) async throws -> HTTPResponse {
        do {
            try await Task.sleep(until: start, clock: .continuous)
        } catch {
            throw QueryError.cancelled
        }
        return try await send(request)
    }
}
