import CCurl
import Foundation

/// One request's easy handle and what its callbacks collect. Lives on the `CurlMulti` event thread only.
final class CurlTransfer {
    let easy: UnsafeMutableRawPointer
    let continuation: CheckedContinuation<HTTPResponse, any Error>
    /// The request's host, named in errors.
    let host: String
    /// The most response body bytes kept; past it the transfer fails.
    let maxResponseBytes: Int
    /// Response headers by lowercased name; repeated ones joined by ", ".
    private(set) var headers: [String: String] = [:]
    private(set) var body = Data()
    /// Whether the body passed `maxResponseBytes` (the write callback then stopped the transfer).
    private(set) var bodyTooLarge = false
    /// The request headers as libcurl needs them, kept until the handle is cleaned up.
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl's text for the last failure.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private init(easy: UnsafeMutableRawPointer, job: CurlJob) {
        self.easy = easy
        continuation = job.continuation
        host = job.request.url.host ?? job.request.url.absoluteString
        maxResponseBytes = job.options.maxResponseBytes
        errorBuffer = .allocate(capacity: plinv_curl_error_size)
        errorBuffer.initialize(repeating: 0, count: plinv_curl_error_size)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// A configured transfer for `job`, or the error that prevented one.
    static func make(_ job: CurlJob) -> Result<CurlTransfer, QueryError> {
        guard let easy = curl_easy_init() else { return .failure(.network("curl_easy_init failed")) }
        let transfer = CurlTransfer(easy: easy, job: job)
        let code = transfer.configure(job.request, job.options)
        return code == CURLE_OK ? .success(transfer) : .failure(transfer.error(code))
    }

    /// Sets every option of the request; the first failing option's code, or `CURLE_OK`.
    private func configure(_ request: HTTPRequest, _ options: CurlTransport) -> CURLcode {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let timeout = max(options.timeout, 0.001)
        var steps: [() -> CURLcode] = [
            { self.set(CURLOPT_URL, request.url.absoluteString) },
            // `plinv/<version>` on every request (CloudTrail attribution); a request's own User-Agent header wins.
            { self.set(CURLOPT_USERAGENT, UserAgent.header) },
            { plinv_curl_easy_setopt_pointer(self.easy, CURLOPT_ERRORBUFFER, self.errorBuffer) },
            { plinv_curl_easy_setopt_long(self.easy, CURLOPT_NOSIGNAL, 1) },
            { plinv_curl_easy_setopt_long(self.easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS) },
            { plinv_curl_easy_setopt_long(self.easy, CURLOPT_CONNECTTIMEOUT_MS, Int((timeout * 1000).rounded(.up))) },
            // A reply stalled for the timeout (libcurl counts whole seconds) ends the transfer.
            { plinv_curl_easy_setopt_long(self.easy, CURLOPT_LOW_SPEED_LIMIT, 1) },
            { plinv_curl_easy_setopt_long(self.easy, CURLOPT_LOW_SPEED_TIME, Int(timeout.rounded(.up))) },
            { plinv_curl_easy_setopt_long(self.easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1) },
            { plinv_curl_easy_setopt_write(self.easy, CURLOPT_WRITEFUNCTION, writeBody) },
            { plinv_curl_easy_setopt_pointer(self.easy, CURLOPT_WRITEDATA, context) },
            { plinv_curl_easy_setopt_write(self.easy, CURLOPT_HEADERFUNCTION, writeHeader) },
            { plinv_curl_easy_setopt_pointer(self.easy, CURLOPT_HEADERDATA, context) },
            // The proxy is decided by `ProxySettings` (an empty string keeps libcurl from reading the environment).
            { self.set(CURLOPT_PROXY, options.proxies.server(for: request.url).map(Self.proxyURL) ?? "") },
        ]
        if let credentials = options.proxies.server(for: request.url)?.credentials {
            steps.append { self.set(CURLOPT_PROXYUSERPWD, credentials) }
        }
        if let caBundle = options.caBundle {
            steps.append { self.set(CURLOPT_CAINFO, caBundle) }
        }
        steps += methodAndBody(request)
        steps.append { self.setHeaders(request) }
        for step in steps {
            let code = step()
            if code != CURLE_OK { return code }
        }
        return CURLE_OK
    }

    /// The options that give the request its method and exactly its body bytes.
    private func methodAndBody(_ request: HTTPRequest) -> [() -> CURLcode] {
        let method = request.method.uppercased()
        var steps: [() -> CURLcode] = []
        if method == "HEAD" {
            steps.append { plinv_curl_easy_setopt_long(self.easy, CURLOPT_NOBODY, 1) }
        } else if method == "POST" || !request.body.isEmpty {
            steps.append { plinv_curl_easy_setopt_off(self.easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)) }
            steps.append {
                request.body.withUnsafeBytes { bytes in
                    // libcurl copies the bytes; an empty body still needs a valid pointer.
                    plinv_curl_easy_setopt_pointer(self.easy, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
                }
            }
        }
        if !["GET", "HEAD", "POST"].contains(method) || (method == "GET" && !request.body.isEmpty) {
            steps.append { self.set(CURLOPT_CUSTOMREQUEST, method) }
        }
        return steps
    }

    /// The request's headers in order; libcurl's own `Accept`, `Expect` and form `Content-Type` are left out
    /// unless the request sets them, so the server sees what was signed.
    private func setHeaders(_ request: HTTPRequest) -> CURLcode {
        var lines = request.headers.map { name, value in value.isEmpty ? "\(name);" : "\(name): \(value)" }
        for name in ["Accept", "Expect", "Content-Type"] where request.header(name) == nil {
            lines.append("\(name):")
        }
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else { return CURLE_OUT_OF_MEMORY }
            headerList = list
        }
        return plinv_curl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerList)
    }

    /// Sets a string option (libcurl copies the string).
    private func set(_ option: CURLoption, _ value: String) -> CURLcode {
        value.withCString { plinv_curl_easy_setopt_pointer(easy, option, $0) }
    }

    /// `http://host:port` for a proxy server (brackets around an IPv6 address).
    static func proxyURL(_ server: ProxySettings.Server) -> String {
        let host = server.host.contains(":") && !server.host.hasPrefix("[") ? "[\(server.host)]" : server.host
        return "http://\(host):\(server.port)"
    }

    /// The response, or the failure, once libcurl reports the transfer done with `code`.
    func outcome(_ code: CURLcode) -> Result<HTTPResponse, QueryError> {
        guard code == CURLE_OK else { return .failure(error(code)) }
        var status = 0
        plinv_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: headers, body: body))
    }

    /// `.network` naming the host and libcurl's reason (never a header value).
    func error(_ code: CURLcode) -> QueryError {
        if bodyTooLarge { return .network("\(host): response body larger than \(maxResponseBytes) bytes") }
        let detail = errorBuffer.pointee == 0 ? String(cString: curl_easy_strerror(code)) : String(cString: errorBuffer)
        return .network("\(host): \(detail)")
    }

    /// `.network` for a multi-handle failure.
    func error(multi code: CURLMcode) -> QueryError {
        .network("\(host): \(String(cString: curl_multi_strerror(code)))")
    }

    /// Appends body bytes, or stops the transfer when they would pass the bound.
    fileprivate func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= maxResponseBytes else {
            bodyTooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Records one header line; a status line starts a new set (after `100 Continue` or a proxy's reply).
    fileprivate func appendHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = [:]
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
    }
}

/// libcurl's body callback: bytes for the transfer in `context`; returning less than given fails the transfer.
private func writeBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.appendBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

/// libcurl's header callback: one whole header line (with its CRLF) for the transfer in `context`.
private func writeHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.appendHeader(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}
