import Foundation

/// AWS Signature Version 4 for header-signed requests, as botocore's `SigV4Auth` computes it.
///
/// A pure value: the date is a parameter, nothing is read from the environment. The headers given are signed
/// except `authorization`, `content-length`, `expect`, `user-agent` and the hop-by-hop headers, which an HTTP
/// stack may add or change after signing. `host` is derived from the URL (with a non-default port) when absent.
public struct SigV4Signer: Sendable {
    /// The name of the service in the credential scope, e.g. `ec2`, `sts`, `elasticloadbalancing`.
    public var signingName: String
    public var region: String

    /// Header names never signed (lowercase).
    public static let unsignedHeaders: Set<String> = [
        "authorization", "content-length", "expect", "user-agent", "connection", "keep-alive",
        "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
        "x-amzn-trace-id",
    ]

    public init(signingName: String, region: String) {
        self.signingName = signingName
        self.region = region
    }

    /// The intermediate and final values of one signature.
    public struct Signature: Sendable, Hashable {
        public var canonicalRequest: String
        public var stringToSign: String
        /// The value of the `Authorization` header.
        public var authorization: String
        /// The headers to send: those given plus `X-Amz-Date`, `X-Amz-Security-Token` (if any) and `Authorization`.
        public var headers: [(String, String)]

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.canonicalRequest == rhs.canonicalRequest && lhs.stringToSign == rhs.stringToSign
                && lhs.authorization == rhs.authorization
                && lhs.headers.map { [$0.0, $0.1] } == rhs.headers.map { [$0.0, $0.1] }
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(authorization) }
    }

    /// What a signature needs from the request URL, computed once per endpoint (`SigningCache` keeps it).
    public struct Target: Sendable, Hashable {
        public var url: URL
        /// The `host` header value.
        public var host: String
        public var canonicalPath: String
        public var canonicalQuery: String

        public init(_ url: URL) {
            self.url = url
            host = SigV4Signer.hostHeader(for: url)
            canonicalPath = SigV4Signer.canonicalPath(url)
            canonicalQuery = SigV4Signer.canonicalQuery(url)
        }
    }

    /// Signs a request whose body is `body`, at `date`.
    public func sign(
        method: String, url: URL, headers: [(String, String)], body: [UInt8], credentials: Credentials, date: Date
    ) -> Signature {
        sign(
            method: method, target: Target(url), headers: headers, body: body, credentials: credentials, date: date,
            signingKey: { signingKey(secret: credentials.secretAccessKey, day: $0) })
    }

    /// Signs as `sign(method:url:…)` with the URL's parts already computed and the day's signing key from
    /// `signingKey` (a cache), so that a call hashes only its own bytes.
    func sign(
        method: String, target: Target, headers: [(String, String)], body: [UInt8], credentials: Credentials,
        date: Date, signingKey: (_ day: String) -> [UInt8]
    ) -> Signature {
        let context = SHA256Context()
        let timestamp = Self.timestamp(date)
        let day = String(timestamp.prefix(8))
        var sent = headers.filter { name, _ in
            !(Self.equalsIgnoringCase(name, "authorization") || Self.equalsIgnoringCase(name, "x-amz-date")
                || Self.equalsIgnoringCase(name, "x-amz-security-token"))
        }
        sent.append(("X-Amz-Date", timestamp))
        if let token = credentials.sessionToken { sent.append(("X-Amz-Security-Token", token)) }

        // (lowercased name, value, position): sorted by name and then position, a name's values stay in order.
        var toSign: [(name: String, value: String, position: Int)] = []
        toSign.reserveCapacity(sent.count + 1)
        var hasHost = false
        for (position, (name, value)) in sent.enumerated() {
            let lower = Self.asciiLowercased(name)
            guard !Self.unsignedHeaders.contains(lower) else { continue }
            hasHost = hasHost || lower == "host"
            toSign.append((lower, Self.trimAll(value), position))
        }
        if !hasHost { toSign.append(("host", target.host, sent.count)) }
        toSign.sort { $0.name == $1.name ? $0.position < $1.position : Self.precedes($0.name, $1.name) }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical += Self.asciiUppercased(method).utf8
        canonical.append(0x0A)
        canonical += target.canonicalPath.utf8
        canonical.append(0x0A)
        canonical += target.canonicalQuery.utf8
        canonical.append(0x0A)
        var signedHeaders: [UInt8] = []
        signedHeaders.reserveCapacity(64)
        for (index, header) in toSign.enumerated() {
            if index > 0 && header.name == toSign[index - 1].name {
                canonical.removeLast()  // the previous value's line break: values of one name join with ","
                canonical.append(UInt8(ascii: ","))
            } else {
                if !signedHeaders.isEmpty { signedHeaders.append(UInt8(ascii: ";")) }
                signedHeaders += header.name.utf8
                canonical += header.name.utf8
                canonical.append(UInt8(ascii: ":"))
            }
            canonical += header.value.utf8
            canonical.append(0x0A)
        }
        canonical.append(0x0A)
        canonical += signedHeaders
        canonical.append(0x0A)
        Self.appendHex(body.withUnsafeBytes { context.digest($0) }, to: &canonical)

        var scope: [UInt8] = []
        scope.reserveCapacity(64)
        scope += day.utf8
        scope.append(UInt8(ascii: "/"))
        scope += region.utf8
        scope.append(UInt8(ascii: "/"))
        scope += signingName.utf8
        scope += "/aws4_request".utf8

        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(160)
        stringToSign += "AWS4-HMAC-SHA256\n".utf8
        stringToSign += timestamp.utf8
        stringToSign.append(0x0A)
        stringToSign += scope
        stringToSign.append(0x0A)
        Self.appendHex(canonical.withUnsafeBytes { context.digest($0) }, to: &stringToSign)
        let key = signingKey(day)
        let signature = stringToSign.withUnsafeBytes { context.hmac(key: key, message: $0) }

        var authorization: [UInt8] = []
        authorization.reserveCapacity(256)
        authorization += "AWS4-HMAC-SHA256 Credential=".utf8
        authorization += credentials.accessKeyId.utf8
        authorization.append(UInt8(ascii: "/"))
        authorization += scope
        authorization += ", SignedHeaders=".utf8
        authorization += signedHeaders
        authorization += ", Signature=".utf8
        Self.appendHex(signature, to: &authorization)
        let authorizationText = String(decoding: authorization, as: UTF8.self)
        sent.append(("Authorization", authorizationText))
        return Signature(
            canonicalRequest: String(decoding: canonical, as: UTF8.self),
            stringToSign: String(decoding: stringToSign, as: UTF8.self), authorization: authorizationText,
            headers: sent)
    }

    /// Appends the lowercase hexadecimal of `bytes` to `output`.
    private static func appendHex(_ bytes: [UInt8], to output: inout [UInt8]) {
        for byte in bytes {
            output.append(Crypto.hexDigit(byte >> 4))
            output.append(Crypto.hexDigit(byte & 0x0F))
        }
    }

    /// The derived key `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, day), region), service), "aws4_request")`.
    public func signingKey(secret: String, day: String) -> [UInt8] {
        let kDate = Crypto.hmacSHA256(key: Array("AWS4\(secret)".utf8), message: day)
        let kRegion = Crypto.hmacSHA256(key: kDate, message: region)
        let kService = Crypto.hmacSHA256(key: kRegion, message: signingName)
        return Crypto.hmacSHA256(key: kService, message: "aws4_request")
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC (proleptic Gregorian calendar, whole seconds rounded down).
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, dayOfMonth) = civilDate(daysSince1970: day)
        var text: [UInt8] = []
        text.reserveCapacity(16)
        /// Appends the decimal digits of `value`, zero-padded to `width`.
        func append(_ value: Int, width: Int) {
            if value < 0 { text.append(UInt8(ascii: "-")) }
            var rest = value.magnitude
            var divisor: UInt = 1, count = 1
            while rest / divisor >= 10 {
                divisor *= 10
                count += 1
            }
            for _ in count..<max(width, count) { text.append(UInt8(ascii: "0")) }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(year, width: 4)
        append(month, width: 2)
        append(dayOfMonth, width: 2)
        text.append(UInt8(ascii: "T"))
        append(second / 3600, width: 2)
        append(second / 60 % 60, width: 2)
        append(second % 60, width: 2)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Year, month and day of the day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The `host` header value: lowercase host, `[…]` for IPv6, and the port unless it is the scheme's default.
    public static func hostHeader(for url: URL) -> String {
        var host = (URLComponents(url: url, resolvingAgainstBaseURL: false)?.host ?? url.host ?? "").lowercased()
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        if let port = url.port {
            let defaultPort = ["http": 80, "https": 443][url.scheme?.lowercased() ?? ""]
            if port != defaultPort { host += ":\(port)" }
        }
        return host
    }

    /// Collapses runs of whitespace to one space and trims the ends, like botocore's `' '.join(value.split())`.
    static func trimAll(_ value: String) -> String {
        if isTrimmed(value) { return value }
        return value.split(whereSeparator: {
            $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}"
        })
        .joined(separator: " ")
    }

    /// Whether `trimAll` would leave `value` as it is: no tab, line break, vertical tab or form feed, no space at
    /// either end, no two spaces in a row.
    private static func isTrimmed(_ value: String) -> Bool {
        var previousSpace = true
        for byte in value.utf8 {
            switch byte {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return false
            case 0x20:
                if previousSpace { return false }
                previousSpace = true
            default:
                previousSpace = false
            }
        }
        return !previousSpace || value.isEmpty
    }

    /// Whether `name` is `lowercase` (which is lowercase ASCII) ignoring ASCII case.
    static func equalsIgnoringCase(_ name: String, _ lowercase: StaticString) -> Bool {
        let pattern = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        let bytes = name.utf8
        guard bytes.count == pattern.count else { return false }
        return zip(bytes, pattern).allSatisfy { byte, expected in
            byte == expected || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") && byte | 0x20 == expected)
        }
    }

    /// `text` with ASCII letters lowercased; `text` itself when it has no uppercase ASCII letter, and
    /// `String.lowercased()` when it is not ASCII (header names are).
    static func asciiLowercased(_ text: String) -> String {
        var hasUpper = false
        for byte in text.utf8 {
            if byte >= 0x80 { return text.lowercased() }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { hasUpper = true }
        }
        guard hasUpper else { return text }
        return String(
            decoding: text.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 },
            as: UTF8.self)
    }

    /// `text` uppercased; without building a new string for an already uppercase ASCII method name.
    private static func asciiUppercased(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 && !($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) })
            ? text : text.uppercased()
    }

    /// Byte-wise order of UTF-8, as botocore sorts header names.
    private static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// The path with dot segments removed and percent-encoded except `/` and `~`; `/` when empty.
    static func canonicalPath(_ url: URL) -> String {
        let raw = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? ""
        if raw.isEmpty { return "/" }
        var output: [Substring] = []
        for segment in raw.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if segment == "." { continue }
            if segment == ".." {
                _ = output.popLast()
                continue
            }
            output.append(segment)
        }
        if let last = raw.split(separator: "/", omittingEmptySubsequences: false).last, last == "." || last == ".." {
            output.append("")
        }
        var path = "/" + output.joined(separator: "/")
        path = FormEncoder.percentEncode(path).replacingOccurrences(of: "%2F", with: "/")
        return path
    }

    /// The URL's raw query pairs sorted by key then value, joined with `&` (empty for a Query-protocol POST).
    static func canonicalQuery(_ url: URL) -> String {
        guard let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery, !query.isEmpty
        else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        return pairs.sorted { lhs, rhs in
            lhs.0 == rhs.0
                ? Array(lhs.1.utf8).lexicographicallyPrecedes(Array(rhs.1.utf8))
                : Array(lhs.0.utf8).lexicographicallyPrecedes(Array(rhs.0.utf8))
        }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
