import Foundation
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The few plain HTTP requests that container and instance-metadata credentials need, with short timeouts.
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
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        do {
            let (data, response) = try await Self.session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return Response(status: status, body: data)
        } catch {
            let reason = (error as? URLError).map { "\($0.code)" } ?? "\(type(of: error))"
            throw CredentialError.metadataRequestFailed(source: source, url: Self.display(url), reason: reason)
        }
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

    /// One ephemeral session for all metadata requests: no cookies, no cache, no proxies.
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()
}
