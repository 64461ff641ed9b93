import Foundation
import Logging

/// An ordered list of credential sources; `resolve` returns the first one that is configured and answers.
///
/// Each link first says whether its source is configured (from settings alone, no I/O); the first configured
/// link is asked for credentials. A failure there is final (a broken profile is an error, not a reason to use
/// another identity), except for links marked `skipsWhenUnavailable` (instance metadata off EC2).
public struct CredentialChain: Sendable {
    /// One source in the chain.
    public struct Link: Sendable {
        /// The source's name, listed in "no credentials" errors.
        public var name: String
        /// The source's provider when it is configured, nil to move on.
        public var make: @Sendable () throws -> (any CredentialProvider)?
        /// Whether a failed fetch moves on to the next link instead of failing the chain.
        public var skipsWhenUnavailable: Bool

        /// A link named `name`.
        public init(
            _ name: String, skipsWhenUnavailable: Bool = false,
            make: @escaping @Sendable () throws -> (any CredentialProvider)?
        ) {
            self.name = name
            self.make = make
            self.skipsWhenUnavailable = skipsWhenUnavailable
        }
    }

    /// The links in order.
    public var links: [Link]
    /// The clock given to the caches (tests inject one).
    public var now: @Sendable () -> Date

    /// A chain of `links`.
    public init(links: [Link], now: @escaping @Sendable () -> Date = { Date() }) {
        self.links = links
        self.now = now
    }

    /// Finds the first configured source, fetches its credentials once, and returns it wrapped in a cache.
    /// The result's `sourceDescription` names the source, e.g. `shared credentials file, profile prod`.
    /// - Throws: the configured source's error, or `CredentialError.noCredentials` listing every link tried.
    public func resolve(logger: Logger) async throws -> CachingCredentialProvider {
        var tried: [String] = []
        for link in links {
            guard let provider = try link.make() else {
                tried.append(link.name)
                continue
            }
            let cached = CachingCredentialProvider(provider, now: now)
            do {
                _ = try await cached.credentials(logger: logger)
                logger.debug(
                    "credentials resolved", metadata: ["aws-credential-source": "\(provider.sourceDescription)"])
                return cached
            } catch  where link.skipsWhenUnavailable {
                logger.debug(
                    "credential source unavailable",
                    metadata: ["aws-credential-source": "\(link.name)", "error": "\(error)"])
                tried.append("\(link.name) (unavailable)")
            }
        }
        throw CredentialError.noCredentials(tried: tried)
    }
}
