import Foundation

/// Every failure of the AWSQuery module. Descriptions never contain secrets, signatures or request headers.
public enum QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS answered with an error document (`Errors/Error` or `Error` under any root).
    case service(code: String, message: String, requestId: String?, status: Int)
    /// A non-success HTTP status whose body is not an AWS error document (e.g. moto's HTML 500 page).
    case httpStatus(status: Int, bodyExcerpt: String)
    /// A success status whose body is not well-formed XML; `detail` carries the line and column.
    case malformedResponse(action: String, status: Int, detail: String)
    /// The request did not complete: connection refused, DNS, timeout, reset.
    case network(String)
    /// No credentials, or a credential source failed.
    case credentials(String)
    /// A client setting is unusable (bad endpoint, region, parameter).
    case invalidConfiguration(String)
    /// The task was cancelled.
    case cancelled

    public var description: String {
        switch self {
        case .service(let code, let message, let requestId, let status):
            return "AWS error \(code) (HTTP \(status)): \(message)" + (requestId.map { " [request id \($0)]" } ?? "")
        case .httpStatus(let status, let excerpt):
            return "HTTP \(status) with a body that is not an AWS error document"
                + (excerpt.isEmpty ? "" : ": \(excerpt)")
        case .malformedResponse(let action, let status, let detail):
            return "unreadable \(action) response (HTTP \(status)): \(detail)"
        case .network(let detail):
            return "network error: \(detail)"
        case .credentials(let detail):
            return "credentials error: \(detail)"
        case .invalidConfiguration(let detail):
            return "invalid configuration: \(detail)"
        case .cancelled:
            return "cancelled"
        }
    }

    /// The AWS error code, when AWS sent one.
    public var code: String? {
        if case .service(let code, _, _, _) = self { return code }
        return nil
    }

    /// The HTTP status of the response, when there was one.
    public var status: Int? {
        switch self {
        case .service(_, _, _, let status), .httpStatus(let status, _), .malformedResponse(_, let status, _):
            return status
        default:
            return nil
        }
    }

    /// Reads an error response: an `Error` element with a `Code` under any root (EC2 `Response/Errors/Error`,
    /// STS/ELBv2 `ErrorResponse/Error`, moto `ErrorResponse/Errors/Error`); otherwise `.httpStatus`.
    public static func fromErrorResponse(status: Int, body: Data) -> QueryError {
        guard let root = try? XMLNode.parse(body), let error = findError(in: root),
            let code = error.child("Code")?.text, !code.isEmpty
        else {
            return .httpStatus(status: status, bodyExcerpt: excerpt(of: body))
        }
        let requestId = ["RequestID", "RequestId", "requestId"].lazy
            .compactMap { root.child($0)?.text ?? root.firstDescendant(named: $0)?.text }.first
        return .service(
            code: code, message: error.child("Message")?.text ?? "", requestId: requestId, status: status)
    }

    /// The first element named `Error` that has a `Code` child, searching the root itself and below.
    private static func findError(in node: XMLNode) -> XMLNode? {
        if node.name == "Error", node.child("Code") != nil { return node }
        for child in node.children {
            if let found = findError(in: child) { return found }
        }
        return nil
    }

    /// A short, single-line, tag-free excerpt of a body for an error message (at most 200 characters).
    static func excerpt(of body: Data) -> String {
        var text = String(decoding: body.prefix(4096), as: UTF8.self)
        if let title = text.range(of: "<title>", options: .caseInsensitive),
            let end = text.range(of: "</title>", options: .caseInsensitive, range: title.upperBound..<text.endIndex)
        {
            text = String(text[title.upperBound..<end.lowerBound])
        } else {
            text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        }
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = words.joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
