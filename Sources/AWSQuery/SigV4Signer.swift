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

    /// Signs a request whose body is `body`, at `date`.
    public func sign(
        method: String, url: URL, headers: [(String, String)], body: [UInt8], credentials: Credentials, date: Date
    ) -> Signature {
        let timestamp = Self.timestamp(date)
        let day = String(timestamp.prefix(8))
        var sent = headers.filter {
            !["authorization", "x-amz-date", "x-amz-security-token"].contains($0.0.lowercased())
        }
        sent.append(("X-Amz-Date", timestamp))
        if let token = credentials.sessionToken { sent.append(("X-Amz-Security-Token", token)) }

        var toSign: [String: [String]] = [:]
        for (name, value) in sent where !Self.unsignedHeaders.contains(name.lowercased()) {
            toSign[name.lowercased(), default: []].append(Self.trimAll(value))
        }
        if toSign["host"] == nil { toSign["host"] = [Self.hostHeader(for: url)] }
        let names = toSign.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let canonicalHeaders = names.map { "\($0):\(toSign[$0, default: []].joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            method.uppercased(), Self.canonicalPath(url), Self.canonicalQuery(url), canonicalHeaders, signedHeaders,
            Crypto.hex(Crypto.sha256(body)),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(signingName)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", timestamp, scope, Crypto.hex(Crypto.sha256(canonicalRequest)),
        ].joined(separator: "\n")
        let signature = Crypto.hex(
            Crypto.hmacSHA256(key: signingKey(secret: credentials.secretAccessKey, day: day), message: stringToSign))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        sent.append(("Authorization", authorization))
        return Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, authorization: authorization, headers: sent)
    }

    /// The derived key `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, day), region), service), "aws4_request")`.
    public func signingKey(secret: String, day: String) -> [UInt8] {
        let kDate = Crypto.hmacSHA256(key: Array("AWS4\(secret)".utf8), message: day)
        let kRegion = Crypto.hmacSHA256(key: kDate, message: region)
        let kService = Crypto.hmacSHA256(key: kRegion, message: signingName)
        return Crypto.hmacSHA256(key: kService, message: "aws4_request")
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2) + pad(c.minute, 2)
            + pad(c.second, 2) + "Z"
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
        value.split(whereSeparator: {
            $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}"
        })
        .joined(separator: " ")
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
