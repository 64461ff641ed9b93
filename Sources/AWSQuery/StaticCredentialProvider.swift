import Logging

/// Credentials fixed at construction, e.g. from explicit keys or for tests.
public struct StaticCredentialProvider: CredentialProvider {
    public let fixed: Credentials
    public let sourceDescription: String

    public init(_ credentials: Credentials, sourceDescription: String = "static credentials") {
        self.fixed = credentials
        self.sourceDescription = sourceDescription
    }

    public func credentials(logger: Logger) async throws -> Credentials { fixed }
}
