import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// `HTTPTransport` over AsyncHTTPClient (SwiftNIO): the default. A request waiting for its reply costs no CPU,
/// unlike `URLSessionTransport` on Linux, whose libcurl socket source spins while it waits.
///
/// The request goes out as given: its headers in order (plus `Host` from the URL, as signed, when absent, and the
/// `Content-Length` of the body), its body bytes unchanged; no redirect is followed, no body is decompressed,
/// no `Expect` or `User-Agent` is added, HTTP/1.1 only.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// Seconds to connect, and seconds with no bytes read, before a request fails.
    public let timeout: TimeInterval
    /// The most response bytes read; a larger body is a `.network` error.
    static let maxResponseBytes = 256 * 1024 * 1024

    /// Where requests go through a proxy (from the environment by default).
    public let proxies: ProxySettings

    public init(timeout: TimeInterval = 30, proxies: ProxySettings = .current) {
        self.timeout = timeout
        self.proxies = proxies
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.url.host ?? request.url.absoluteString
        let client = Self.client(timeout: timeout, proxy: proxies.server(for: request.url))
        do {
            try Task.checkCancellation()
            let response = try await client.execute(Self.clientRequest(request), deadline: .distantFuture)
            let body = try await response.body.collect(upTo: Self.maxResponseBytes)
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { "\($0), \(value)" } ?? value
            }
            return HTTPResponse(
                status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
        } catch let error as QueryError {
            throw error
        } catch {
            throw Self.queryError(error, target: target)
        }
    }

    /// The AsyncHTTPClient request for `request`: same method, URL, headers in order and body bytes.
    static func clientRequest(_ request: HTTPRequest) -> HTTPClientRequest {
        var result = HTTPClientRequest(url: request.url.absoluteString)
        result.method = HTTPMethod(rawValue: request.method.uppercased())
        if request.header("Host") == nil {
            result.headers.add(name: "Host", value: SigV4Signer.hostHeader(for: request.url))
        }
        for (name, value) in request.headers { result.headers.add(name: name, value: value) }
        if !request.body.isEmpty { result.body = .bytes(request.body) }
        return result
    }

    /// `.cancelled` for a cancelled task or request, otherwise `.network` naming `target` and the failure.
    static func queryError(_ error: any Error, target: String) -> QueryError {
        failureReason(error).map { .network("\(target): \($0)") } ?? .cancelled
    }

    /// A short description of why a request failed, or nil when it was cancelled.
    static func failureReason(_ error: any Error) -> String? {
        if error is CancellationError || Task.isCancelled { return nil }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled: return nil
            case .connectTimeout: return "timed out connecting"
            case .readTimeout: return "timed out waiting for the response"
            case .remoteConnectionClosed: return "connection closed by the server"
            default: return error.shortDescription  // never the associated values (header values)
            }
        }
        if let error = error as? IOError {  // e.g. a refused connect: NIO's own text reads "connection reset"
            return "\(String(cString: strerror(error.errnoCode))) (errno \(error.errnoCode))"
        }
        if let error = error as? NIOTooManyBytesError {
            return "response body larger than \(error.maxBytes ?? maxResponseBytes) bytes"
        }
        return "\(error)"
    }

    /// What distinguishes one process-wide client from another.
    private struct ClientKey: Hashable {
        var timeout: TimeInterval
        var proxy: ProxySettings.Server?
    }

    /// One client per distinct timeout and proxy, created on first use and kept for the life of the process (it
    /// is never shut down, as `HTTPClient.shared` is not), all on the shared NIO event loop group.
    private static let clients = Mutex<[ClientKey: HTTPClient]>([:])

    /// The process-wide client whose connect and idle-read timeouts are `timeout`, through `proxy` if any.
    static func client(timeout: TimeInterval, proxy: ProxySettings.Server? = nil) -> HTTPClient {
        clients.withLock { clients in
            let key = ClientKey(timeout: timeout, proxy: proxy)
            if let client = clients[key] { return client }
            let limit = TimeAmount.nanoseconds(Int64((max(timeout, 0.001) * 1e9).rounded()))
            let proxyServer = proxy.map { server in
                HTTPClient.Configuration.Proxy.server(
                    host: server.host, port: server.port,
                    authorization: server.credentials.map { .basic(credentials: Data($0.utf8).base64EncodedString()) })
            }
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: .init(connect: limit, read: limit), proxy: proxyServer,
                decompression: .disabled)
            configuration.httpVersion = .http1Only
            // A refused or failed connect fails the request at once (as URLSession does), to be retried by the
            // client's retry policy, instead of being retried inside the pool until the connect timeout.
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[key] = client
            return client
        }
    }
}
