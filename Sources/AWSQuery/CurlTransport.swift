import Foundation

/// `HTTPTransport` over libcurl's multi interface, the default: `CurlMulti` runs one event thread for the process,
/// which waits in `curl_multi_poll` and so costs no CPU while a reply is awaited. TLS is the system OpenSSL's,
/// verified against the system store or `AWS_CA_BUNDLE`.
///
/// The request goes out as given: its headers in order (libcurl adds `Host` from the URL when absent and the
/// `Content-Length` of the body, nothing else), its body bytes unchanged; no redirect is followed, no body is
/// decompressed. HTTP/2 when the server offers it over TLS, else HTTP/1.1 with keep-alive; connections are reused
/// per host across requests.
public struct CurlTransport: HTTPTransport {
    /// Seconds to connect, and seconds with no bytes received (counted by libcurl in whole seconds), before a
    /// request fails.
    public var timeout: TimeInterval
    /// Where requests go through a proxy (from the environment by default).
    public var proxies: ProxySettings
    /// A PEM file of trusted certificate authorities instead of the system's (`AWS_CA_BUNDLE` by default).
    public var caBundle: String?
    /// The most response body bytes read; a larger body is a `.network` error.
    public var maxResponseBytes: Int

    /// The default bound on a response body: far above any Query API page.
    public static let defaultMaxResponseBytes = 64 * 1024 * 1024

    public init(
        timeout: TimeInterval = 30, proxies: ProxySettings = .current,
        caBundle: String? = ProcessInfo.processInfo.environment["AWS_CA_BUNDLE"],
        maxResponseBytes: Int = defaultMaxResponseBytes
    ) {
        self.timeout = timeout
        self.proxies = proxies
        self.caBundle = caBundle.flatMap { $0.isEmpty ? nil : $0 }
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if Task.isCancelled { throw QueryError.cancelled }
        return try await CurlMulti.shared.get().perform(request, options: self)
    }

    /// The event thread holds the request until `start`: the calling task is resumed once, with the response.
    public var schedulesRequests: Bool { true }

    public func send(_ request: HTTPRequest, notBefore start: ContinuousClock.Instant) async throws -> HTTPResponse {
        if Task.isCancelled { throw QueryError.cancelled }
        return try await CurlMulti.shared.get().perform(request, options: self, notBefore: start)
    }
}
