import Foundation
import Logging

extension QueryClient {
    /// Every page of a paginated action, in order. Sends the page size at `maxResults` (default and cap: the
    /// service's maximum, 1000 for EC2, 400 for ELBv2; none for CloudFormation, which sizes pages itself) and stops
    /// when the next token is absent or empty. A token the service already sent once is an error
    /// (`QueryError.malformedResponse`), never the end of the listing: a service that repeats itself would
    /// otherwise make a partial listing look complete. Cancelling the consuming task stops the requests.
    /// - Parameter tokenElement: the response element holding the next token; nil for the service's
    ///   (`nextToken` for EC2, `NextMarker` for ELBv2).
    public func pages(
        _ action: String, _ parameters: [(String, String)] = [], maxResults: Int?, tokenElement: String? = nil,
        logger: Logger
    ) -> AsyncThrowingStream<XMLNode, Error> {
        let style = service.paging
        let limit = min(max(maxResults ?? style.maxLimit, 1), style.maxLimit)
        let element = tokenElement ?? style.tokenElement
        let base = parameters.filter { $0.0 != style.limitParameter && $0.0 != style.tokenParameter }
        return AsyncThrowingStream { continuation in
            let task = Task {
                var token: String?
                var seen: Set<String> = []
                do {
                    while true {
                        var page = base
                        if let limitParameter = style.limitParameter { page.append((limitParameter, String(limit))) }
                        if let token { page.append((style.tokenParameter, token)) }
                        let root = try await send(action, page, logger: logger)
                        continuation.yield(root)
                        guard let next = Self.nextToken(in: root, element: element), !next.isEmpty else { break }
                        guard seen.insert(next).inserted else {
                            throw Self.repeatedToken(action: action, element: element, pages: seen.count + 1)
                        }
                        token = next
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The error for a next-page token the service already sent: the listing cannot be trusted to be complete.
    static func repeatedToken(action: String, element: String, pages: Int) -> QueryError {
        .malformedResponse(
            action: action, status: 200,
            detail: "page \(pages) repeats an earlier \(element); the listing would never end, so it is not complete")
    }

    /// The next-page token: a child of the root or of its `…Result` wrapper, else the first such element below.
    static func nextToken(in root: XMLNode, element: String) -> String? {
        if let direct = root.child(element) { return direct.text }
        for child in root.children where child.name.hasSuffix("Result") {
            if let wrapped = child.child(element) { return wrapped.text }
        }
        return root.firstDescendant(named: element)?.text
    }
}
