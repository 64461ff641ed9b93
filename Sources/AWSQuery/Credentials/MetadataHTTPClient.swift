import Foundation
import Logging

/// The few plain HTTP requests that container and instance-metadata credentials need, with short timeouts
/// (connect and idle read), over `CurlTransport`: the environment's proxy settings as botocore's `get_environ_proxies`
/// (so `NO_PROXY` should list 169.254.169.254 and 169.254.170.2 behind a proxy), no cache, no cookies, no redirects.
struct MetadataHTTPClient: Sendable {
    /// A response: status and body.
    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    /// The per-request timeout.
    var timeout: TimeInterval
    /// Names the credential source in errors.
    var source: String

    /// Sends one request. Errors name the URL (without its query) and the failure, never a header value.
    func send(_ method: String, _ url: URL, headers: [String: String]) async throws -> Response {
        let request = HTTPRequest(
            method: method, url: url, headers: headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            body: [])
        do {
            let response = try await CurlTransport(timeout: timeout).send(request)
            return Response(status: response.status, body: response.body)
        } catch {
            let reason = (error as? QueryError).map(Self.reason) ?? "\(type(of: error))"
            throw CredentialError.metadataRequestFailed(source: source, url: Self.display(url), reason: reason)
        }
    }

    /// The failure without the host the transport puts first (the error names the URL already).
    private static func reason(_ error: QueryError) -> String {
        guard case .network(let detail) = error else { return "\(error)" }
        return detail.range(of: ": ").map { String(detail[$0.upperBound...]) } ?? detail
    }

    /// The URL without query or fragment, for messages.
    static func display(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        components?.fragment = nil
        components?.user = nil
        components?.password = nil
        return components?.string ?? "(invalid URL)"
    }
}
