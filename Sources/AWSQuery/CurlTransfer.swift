import CCurl
import Foundation

/// One request's easy handle and what its callbacks collect. Lives on the `CurlMulti` event thread only.
final class CurlTransfer {
    let easy: UnsafeMutableRawPointer
    let continuation: CheckedContinuation<HTTPResponse, any Error>
    /// The request's URL, whose host errors name.
    private let url: URL
    /// The most response body bytes kept; past it the transfer fails.
    let maxResponseBytes: Int
    /// The response's header lines, read into fields only if the response's headers are asked for.
    private var headerLines = HTTPHeaderLines()
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
        url = job.request.url
        maxResponseBytes = job.options.maxResponseBytes
        errorBuffer = .allocate(capacity: plinv_curl_error_size)
        errorBuffer.initialize(repeating: 0, count: plinv_curl_error_size)
    }

    /// The easy handle is not cleaned up here: `CurlHandlePool.giveBack` resets it (so that it no longer points at
    /// the header list or the error buffer) before the transfer is released.
    deinit {
        plinv_curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// A configured transfer for `job` on a handle from `handles`, or the error that prevented one.
    static func make(_ job: CurlJob, handles: CurlHandlePool) -> Result<CurlTransfer, QueryError> {
        guard let easy = handles.take() else { return .failure(.network("curl_easy_init failed")) }
        let transfer = CurlTransfer(easy: easy, job: job)
        let code = transfer.configure(job.request, job.options)
        guard code == CURLE_OK else {
            let error = transfer.error(code)
            handles.giveBack(easy)
            return .failure(error)
        }
        return .success(transfer)
    }

    /// Sets every option of the request; the first failing option's code, or `CURLE_OK`.
    private func configure(_ request: HTTPRequest, _ options: CurlTransport) -> CURLcode {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let timeout = max(options.timeout, 0.001)
        let proxy = options.proxies.server(for: request.url)
        var code = set(CURLOPT_URL, request.url.absoluteString)
        // `plinv/<version>` on every request (CloudTrail attribution); a request's own User-Agent header wins.
        if code == CURLE_OK { code = set(CURLOPT_USERAGENT, UserAgent.header) }
        if code == CURLE_OK { code = plinv_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer) }
        if code == CURLE_OK { code = plinv_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1) }
        if code == CURLE_OK { code = plinv_curl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS) }
        if code == CURLE_OK {
            code = plinv_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int((timeout * 1000).rounded(.up)))
        }
        // A reply stalled for the timeout (libcurl counts whole seconds) ends the transfer.
        if code == CURLE_OK { code = plinv_curl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, 1) }
        if code == CURLE_OK {
            code = plinv_curl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, Int(timeout.rounded(.up)))
        }
        if code == CURLE_OK { code = plinv_curl_easy_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1) }
        if code == CURLE_OK { code = plinv_curl_easy_setopt_write(easy, CURLOPT_WRITEFUNCTION, writeBody) }
        if code == CURLE_OK { code = plinv_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context) }
        if code == CURLE_OK { code = plinv_curl_easy_setopt_write(easy, CURLOPT_HEADERFUNCTION, writeHeader) }
        if code == CURLE_OK { code = plinv_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context) }
        // The proxy is decided by `ProxySettings` (an empty string keeps libcurl from reading the environment).
        if code == CURLE_OK { code = set(CURLOPT_PROXY, proxy.map(Self.proxyURL) ?? "") }
        if code == CURLE_OK, let credentials = proxy?.credentials { code = set(CURLOPT_PROXYUSERPWD, credentials) }
        if code == CURLE_OK, let caBundle = options.caBundle { code = set(CURLOPT_CAINFO, caBundle) }
        if code == CURLE_OK { code = setMethodAndBody(request) }
        if code == CURLE_OK { code = setHeaders(request) }
        return code
    }

    /// Gives the request its method and exactly its body bytes.
    private func setMethodAndBody(_ request: HTTPRequest) -> CURLcode {
        let method = request.method.uppercased()
        var code = CURLE_OK
        if method == "HEAD" {
            code = plinv_curl_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        } else if method == "POST" || !request.body.isEmpty {
            code = plinv_curl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            if code == CURLE_OK {
                code = request.body.withUnsafeBytes { bytes in
                    // libcurl copies the bytes; an empty body still needs a valid pointer.
                    plinv_curl_easy_setopt_pointer(
                        easy, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
                }
            }
        }
        if code == CURLE_OK, !["GET", "HEAD", "POST"].contains(method) || (method == "GET" && !request.body.isEmpty) {
            code = set(CURLOPT_CUSTOMREQUEST, method)
        }
        return code
    }

    /// The request's headers in order; libcurl's own `Accept`, `Expect` and form `Content-Type` are left out
    /// unless the request sets them, so the server sees what was signed.
    private func setHeaders(_ request: HTTPRequest) -> CURLcode {
        var seen = (accept: false, expect: false, contentType: false)
        var line: [UInt8] = []
        line.reserveCapacity(512)
        for (name, value) in request.headers {
            switch name.utf8.count {
            case 6:
                seen.accept = seen.accept || HTTPRequest.namesMatch(name, "Accept")
                seen.expect = seen.expect || HTTPRequest.namesMatch(name, "Expect")
            case 12:
                seen.contentType = seen.contentType || HTTPRequest.namesMatch(name, "Content-Type")
            default:
                // Only a name that is not ASCII can match in another length (Foundation's case folding).
                if !name.utf8.allSatisfy({ $0 < 0x80 }) {
                    seen.accept = seen.accept || HTTPRequest.namesMatch(name, "Accept")
                    seen.expect = seen.expect || HTTPRequest.namesMatch(name, "Expect")
                    seen.contentType = seen.contentType || HTTPRequest.namesMatch(name, "Content-Type")
                }
            }
            // libcurl's forms: `name;` sends a header with an empty value, `name: value` one with a value.
            guard append(header: name, value.isEmpty ? ";" : ": ", value, using: &line) else {
                return CURLE_OUT_OF_MEMORY
            }
        }
        for (name, present) in [("Accept", seen.accept), ("Expect", seen.expect), ("Content-Type", seen.contentType)]
        where !present {
            // `name:` removes a header libcurl would add.
            guard append(header: name, ":", "", using: &line) else { return CURLE_OUT_OF_MEMORY }
        }
        return plinv_curl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerList)
    }

    /// Adds the header line `name`, `separator`, `value` to the list given to libcurl, written in `line` (reused
    /// from one header to the next: no `String` is made of it); false when out of memory.
    private func append(header name: String, _ separator: String, _ value: String, using line: inout [UInt8]) -> Bool {
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: name.utf8)
        line.append(contentsOf: separator.utf8)
        line.append(contentsOf: value.utf8)
        line.append(0)
        guard let list = line.withUnsafeBytes({ plinv_curl_slist_append(headerList, $0.baseAddress!) }) else {
            return false
        }
        headerList = list
        return true
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
        return .success(HTTPResponse(status: status, headerLines: headerLines, body: body))
    }

    /// The request's host, named in errors (read from the URL only when there is one).
    private var host: String { url.host ?? url.absoluteString }

    /// `.network` naming the host and libcurl's reason (never a header value).
    func error(_ code: CURLcode) -> QueryError {
        if bodyTooLarge { return .network("\(host): response body larger than \(maxResponseBytes) bytes") }
        let detail =
            errorBuffer.pointee == 0 ? String(cString: plinv_curl_easy_strerror(code)) : String(cString: errorBuffer)
        return .network("\(host): \(detail)")
    }

    /// `.network` for a multi-handle failure.
    func error(multi code: CURLMcode) -> QueryError {
        .network("\(host): \(String(cString: plinv_curl_multi_strerror(code)))")
    }

    /// Appends body bytes, or stops the transfer when they would pass the bound.
    fileprivate func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= maxResponseBytes else {
            bodyTooLarge = true
            return false
        }
        if body.isEmpty, let announced = headerLines.announcedLength, announced > bytes.count {
            // One allocation for the whole body when the server announced its length (within the bound).
            body.reserveCapacity(min(announced, maxResponseBytes))
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Keeps one header line (see `HTTPHeaderLines.take`).
    fileprivate func appendHeader(_ bytes: UnsafeRawBufferPointer) {
        headerLines.take(bytes)
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
