import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// An HTTP response: status, headers (lowercased names) and the whole body.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }
}

/// Sends one HTTP request. Throws `QueryError.network` or `.cancelled`, never a status error.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// `HTTPTransport` over a URLSession (libcurl on Linux): the fallback to `AsyncHTTPClientTransport`. On Linux a
/// request waiting for its reply keeps a CPU busy (FoundationNetworking leaves curl's write source armed).
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession
    /// Seconds before a request with no progress fails.
    public var timeout: TimeInterval

    public init(session: URLSession = .shared, timeout: TimeInterval = 30) {
        self.session = session
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = Data(request.body)
        let target = request.url.host ?? request.url.absoluteString
        do {
            try Task.checkCancellation()
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw QueryError.network("\(request.url.absoluteString): response is not HTTP")
            }
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as QueryError {
            throw error
        } catch is CancellationError {
            throw QueryError.cancelled
        } catch let error as URLError where error.code == .cancelled {
            throw QueryError.cancelled
        } catch let error as URLError {
            throw QueryError.network("\(target): \(error.localizedDescription) (URLError \(error.code.rawValue))")
        } catch {
            throw QueryError.network("\(target): \(error.localizedDescription)")
        }
    }
}
