import Foundation
import Logging

/// A client for one AWS JSON 1.1 service (Organizations): `X-Amz-Target: <prefix>.<Operation>`, a JSON body of
/// type `application/x-amz-json-1.1`, errors named by `__type`. It shares `QueryClient`'s pipeline (signing,
/// retry with quota and clock skew, rate limit, metrics) and error model; only the encoding differs.
public struct JSONClient: Sendable {
    public let service: AWSService
    /// The region signed into the credential scope (a global service's partition region).
    public let region: String
    public let endpoint: URL
    public let metrics: RequestMetrics?
    /// The retry quota of this client (shared by its copies).
    public let quota: RetryQuota
    /// The layers every call goes through.
    public let pipeline: ClientPipeline

    /// The `Content-Type` of every request; signed.
    public static let contentType = "application/x-amz-json-1.1"

    /// - Throws: `QueryError.invalidConfiguration` for a service without a target prefix, or an unusable region or
    ///   endpoint.
    public init(
        service: AWSService, region: String, endpoint: URL? = nil, credentials: any CredentialProvider,
        transport: any HTTPTransport = CurlTransport(), retry: RetryPolicy = .standard,
        rateLimiter: RateLimiter? = nil, rateLimitKey: String? = nil, metrics: RequestMetrics? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        guard service.targetPrefix != nil else {
            throw QueryError.invalidConfiguration("\(service.name) does not speak the JSON 1.1 protocol")
        }
        self.service = service
        self.region = service.signingRegion(for: region)
        self.endpoint = try QueryClient.validated(endpoint, service: service, region: region)
        self.metrics = metrics
        self.quota = RetryQuota(capacity: retry.quotaCapacity ?? Int.max)
        self.pipeline = .standard(
            transport: transport, credentials: credentials, retry: retry, quota: quota, skew: ClockSkew(),
            rateLimiter: rateLimiter, rateLimitKey: rateLimitKey, now: now)
    }

    /// Sends `operation` with `input` (its string members; every Organizations list input is one) and decodes
    /// the answer as `Output`.
    /// - Throws: `QueryError`; `.malformedResponse` when the answer is not the JSON `Output` expects.
    public func send<Output: Decodable>(
        _ operation: String, _ input: [String: String] = [:], as output: Output.Type, logger: Logger
    ) async throws -> Output {
        let data = try await sendData(operation, input, logger: logger)
        do {
            return try JSONDecoder().decode(Output.self, from: data)
        } catch {
            metrics?.record(operation) { $0.failures += 1 }
            throw QueryError.malformedResponse(action: operation, status: 200, detail: Self.describe(error))
        }
    }

    /// Every page of `operation`, following `NextToken` until it is absent; a token seen before is an error
    /// (the listing would never end), never a complete listing.
    public func pages<Page: Decodable & Sendable>(
        _ operation: String, _ input: [String: String] = [:], as page: Page.Type, logger: Logger
    ) async throws -> [Page] {
        var pages: [Page] = []
        var token: String?
        var seen: Set<String> = []
        while true {
            var request = input
            request["NextToken"] = token
            let data = try await sendData(operation, request, logger: logger)
            do {
                pages.append(try JSONDecoder().decode(Page.self, from: data))
                token = try JSONDecoder().decode(NextToken.self, from: data).NextToken
            } catch {
                metrics?.record(operation) { $0.failures += 1 }
                throw QueryError.malformedResponse(action: operation, status: 200, detail: Self.describe(error))
            }
            guard let next = token, !next.isEmpty else { return pages }
            guard seen.insert(next).inserted else {
                throw QueryClient.repeatedToken(action: operation, element: "NextToken", pages: pages.count + 1)
            }
        }
    }

    /// The raw JSON of a successful answer.
    func sendData(_ operation: String, _ input: [String: String], logger: Logger) async throws -> Data {
        guard let prefix = service.targetPrefix else {
            throw QueryError.invalidConfiguration("\(service.name) does not speak the JSON 1.1 protocol")
        }
        let body = (try? JSONEncoder().encode(input)) ?? Data("{}".utf8)
        let request = OperationRequest(
            action: operation, url: endpoint,
            headers: [("Content-Type", Self.contentType), ("X-Amz-Target", "\(prefix).\(operation)")],
            body: Array(body), filteredOrPaged: input["NextToken"] != nil, credentials: nil,
            readError: { Self.error(in: $0) })
        return try await pipeline.send(
            request, context: OperationContext(service: service, region: region, logger: logger, metrics: metrics)
        ).body
    }

    /// The error a JSON 1.1 answer stands for: its `__type` (or `x-amzn-ErrorType`) without the namespace before
    /// `#` or the detail after `:`, and its `message`; nil for a success.
    public static func error(in response: HTTPResponse) -> QueryError? {
        guard !(200..<300).contains(response.status) else { return nil }
        let document = try? JSONDecoder().decode(ErrorDocument.self, from: response.body)
        guard let type = document?.type ?? response.headers["x-amzn-errortype"], !type.isEmpty else {
            return .httpStatus(status: response.status, bodyExcerpt: QueryError.excerpt(of: response.body))
        }
        var code = Substring(type)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return .service(
            code: String(code), message: document?.message ?? document?.Message ?? "",
            requestId: response.headers["x-amzn-requestid"], status: response.status)
    }

    /// A decoding error in one line, with the key path where it failed.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "no \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    /// `Roots[0].Id`: keys joined with dots, indexes in brackets.
    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "the top level" : text
    }

    /// The next-page token of any list answer.
    private struct NextToken: Decodable {
        var NextToken: String?
    }

    /// A JSON 1.1 error body.
    private struct ErrorDocument: Decodable {
        var type: String?
        var message: String?
        var Message: String?

        enum CodingKeys: String, CodingKey {
            case type = "__type"
            case message
            case Message
        }
    }
}
