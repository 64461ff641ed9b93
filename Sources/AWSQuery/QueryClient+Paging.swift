import Foundation
import Logging

extension QueryClient {
    /// Every page of a paginated action, in order. Sends the page size at `maxResults` (default and cap: the
    /// service's maximum, 1000 for EC2, 400 for ELBv2; none for CloudFormation, which sizes pages itself) and stops
    /// when the next token is absent or empty. A token the service already sent once is an error
    /// (`QueryError.malformedResponse`), never the end of the listing: a service that repeats itself would
    /// otherwise make a partial listing look complete. Cancelling the consuming task stops the requests.
    ///
    /// The first page is requested in the consuming task itself (most listings have one page, and a task of their
    /// own would cost a task and two thread hand-offs per call); while the consumer works on a page that has a next
    /// token, the next page is already being fetched.
    /// - Parameter tokenElement: the response element holding the next token; nil for the service's
    ///   (`nextToken` for EC2, `NextMarker` for ELBv2).
    /// - Parameter items: where the list items lie, to leave them as bytes in each page (`XMLPage`); nil to read
    ///   every page whole.
    public func pages(
        _ action: String, _ parameters: [(String, String)] = [], maxResults: Int?, tokenElement: String? = nil,
        items: XMLItemPath? = nil, logger: Logger
    ) -> Pages {
        let style = service.paging
        let limit = min(max(maxResults ?? style.maxLimit, 1), style.maxLimit)
        var base = parameters.filter { $0.0 != style.limitParameter && $0.0 != style.tokenParameter }
        if let limitParameter = style.limitParameter { base.append((limitParameter, String(limit))) }
        return Pages(
            client: self, action: action, parameters: base, tokenParameter: style.tokenParameter,
            tokenElement: tokenElement ?? style.tokenElement, items: items, logger: logger)
    }

    /// The pages of one listing (see `pages(_:_:maxResults:tokenElement:logger:)`).
    public struct Pages: AsyncSequence, Sendable {
        public typealias Element = XMLPage
        public typealias Failure = any Error

        let client: QueryClient
        let action: String
        /// Every parameter of a request except the token.
        let parameters: [(String, String)]
        let tokenParameter: String
        let tokenElement: String
        /// Where the items lie, when they are left as bytes.
        let items: XMLItemPath?
        let logger: Logger

        public func makeAsyncIterator() -> Iterator { Iterator(self) }

        /// Sends the request for the page after `token` (the first page when nil).
        func fetch(after token: String?) async throws -> XMLPage {
            var page = parameters
            if let token { page.append((tokenParameter, token)) }
            return try await client.send(action, page, items: items, logger: logger)
        }

        /// Reads the pages in order; dropping it cancels a page still being fetched ahead.
        public struct Iterator: AsyncIteratorProtocol {
            private let pages: Pages
            private let state = State()

            init(_ pages: Pages) { self.pages = pages }

            public mutating func next() async throws -> XMLPage? {
                let page: XMLPage
                do {
                    switch state.next {
                    case .done:
                        return nil
                    case .failed(let error):
                        state.next = .done
                        throw error
                    case .request(let token):
                        page = try await pages.fetch(after: token)
                    case .fetching(let task):
                        page = try await withTaskCancellationHandler {
                            try await task.value
                        } onCancel: {
                            task.cancel()
                        }
                    }
                } catch {
                    state.next = .done
                    throw error
                }
                guard let token = QueryClient.nextToken(in: page.root, element: pages.tokenElement), !token.isEmpty
                else {
                    state.next = .done
                    return page
                }
                guard state.seen.insert(token).inserted else {
                    state.next = .failed(
                        QueryClient.repeatedToken(
                            action: pages.action, element: pages.tokenElement, pages: state.seen.count + 1))
                    return page
                }
                let pages = self.pages
                state.next = .fetching(Task { try await pages.fetch(after: token) })
                return page
            }
        }

        /// What the iterator does on its next call, and the tokens seen; a class so that dropping the iterator
        /// cancels a fetch ahead.
        private final class State {
            enum Next {
                /// Request the page after this token (the first page when nil) in the consumer's task.
                case request(String?)
                /// The next page, already requested.
                case fetching(Task<XMLPage, any Error>)
                /// Throw this (after the page that revealed it was returned).
                case failed(any Error)
                case done
            }

            var next = Next.request(nil)
            var seen: Set<String> = []

            deinit {
                if case .fetching(let task) = next { task.cancel() }
            }
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
