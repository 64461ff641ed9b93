import Foundation
import Logging

/// What a command needs to reach AWS, resolved once from its flags, the environment and the shared files:
/// the configuration (profile, region, endpoints, retry settings) and, on demand, credentials.
///
/// ```swift
/// let session = try AWSSession.load(overrides: .init(profile: profile, region: region, endpointURL: url))
/// let credentials = try await session.credentialProvider(roleArn: roleArn, logger: logger)
/// let region = try session.configuration.requiredRegion()
/// let ec2 = try QueryClient(service: .ec2, region: region,
///                           endpoint: session.configuration.endpointURL(for: .ec2, region: region),
///                           credentials: credentials, transport: session.transport)
/// ```
public struct AWSSession: Sendable {
    /// The environment read.
    public var environment: AWSEnvironment
    /// The merged shared config and credentials files.
    public var sharedConfig: SharedConfig
    /// Profile, region, endpoints and retry settings.
    public var configuration: ClientConfiguration
    /// The transport STS and SSO calls use: by default one that trusts the configured CA bundle (tests may inject
    /// one).
    public var transport: any HTTPTransport

    /// Reads the shared files of `environment` and resolves the configuration for `overrides`.
    /// - Parameter transport: nil for `configuration.transport()` (the configured CA bundle).
    /// - Throws: `CredentialError` for a malformed file, a missing named profile or a malformed setting.
    public static func load(
        overrides: ConfigurationOverrides = .init(), environment: AWSEnvironment = .current(),
        transport: (any HTTPTransport)? = nil
    ) throws -> AWSSession {
        let shared = try environment.loadSharedConfig()
        let configuration = try ClientConfiguration.resolve(
            overrides: overrides, environment: environment, sharedConfig: shared)
        return AWSSession(
            environment: environment, sharedConfig: shared, configuration: configuration,
            transport: transport ?? configuration.transport())
    }

    /// The resolved region, if any.
    public var region: String? { configuration.region?.value }

    /// STS for this configuration (region, else `us-east-1`; the STS endpoint setting).
    public var sts: STSClient { .query(configuration: configuration, transport: transport) }

    /// The standard credential chain for the configured profile.
    public var credentialChain: CredentialChain {
        .standard(
            configuration: configuration, environment: environment, sharedConfig: sharedConfig, sts: sts,
            transport: transport)
    }

    /// Resolves the chain and, with `roleArn` (the CLI's `--role-arn`), assumes that role on top of it.
    /// The result caches and refreshes; its `sourceDescription` names where the credentials came from.
    public func credentialProvider(
        roleArn: String? = nil, externalId: String? = nil, sessionName: String? = nil, logger: Logger
    ) async throws -> CachingCredentialProvider {
        let base = try await credentialChain.resolve(logger: logger)
        guard let roleArn else { return base }
        let role = AssumeRoleCredentialProvider(
            roleArn: roleArn, base: base, sessionName: sessionName, externalId: externalId, sts: sts)
        let cached = CachingCredentialProvider(role)
        _ = try await cached.credentials(logger: logger)
        return cached
    }

    /// The account and ARN that `provider`'s credentials act as (`GetCallerIdentity`).
    public func callerIdentity(of provider: any CredentialProvider, logger: Logger) async throws
        -> STSClient.CallerIdentity
    {
        try await sts.callerIdentity(using: provider.credentials(logger: logger), logger: logger)
    }
}
