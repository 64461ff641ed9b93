import AWSQuery
import Collector
import Foundation
import Logging

/// One identity plinv reads as: resolved configuration, credentials, and the run's shared rate limiter and metrics.
struct AccountSession: Sendable {
    let environment: AWSEnvironment
    let configuration: ClientConfiguration
    let credentials: any CredentialProvider
    let rateLimiter: RateLimiter
    let metrics: RequestMetrics

    /// The region the session talks to when none is named per call: the configured one (`resolve` refuses a
    /// session without one, with the AWS CLI's message, rather than guessing us-east-1).
    var homeRegion: String { configuration.region?.value ?? "" }

    /// Resolves configuration and credentials from flags, the environment and the shared files.
    static func resolve(
        profile: String?, region: String?, endpoint: URL?, rateLimiter: RateLimiter = RateLimiter(),
        metrics: RequestMetrics = RequestMetrics(), logger: Logger
    ) async throws -> AccountSession {
        let session = try AWSSession.load(
            overrides: ConfigurationOverrides(profile: profile, region: region, endpointURL: endpoint))
        _ = try session.configuration.requiredRegion()
        let credentials = try await session.credentialProvider(logger: logger)
        return AccountSession(
            environment: session.environment, configuration: session.configuration, credentials: credentials,
            rateLimiter: rateLimiter, metrics: metrics)
    }

    /// The same session acting as `roleArn`, assumed from this session's credentials.
    ///
    /// `AssumeRole` goes through one STS `QueryClient` of this session (its pipeline: retry as configured, quota,
    /// clock skew, metrics), signed with the source credentials the provider hands it, not a new client per call.
    func assuming(roleArn: String, externalId: String?) throws -> AccountSession {
        let sts = try stsClient()
        let signedBySource = STSClient(region: homeRegion) { action, parameters, source, logger in
            if let source { return try await sts.send(action, parameters, credentials: source, logger: logger) }
            return try await sts.send(action, parameters, logger: logger)
        }
        let role = AssumeRoleCredentialProvider(
            roleArn: roleArn, base: credentials, externalId: externalId, sts: signedBySource)
        return AccountSession(
            environment: environment, configuration: configuration, credentials: CachingCredentialProvider(role),
            rateLimiter: rateLimiter, metrics: metrics)
    }

    /// This session's STS client, counted with the run's other calls so AssumeRole shows in the API-call total.
    func stsClient() throws -> QueryClient {
        try QueryClient(
            service: .sts, region: homeRegion, endpoint: try configuration.endpointURL(for: .sts, region: homeRegion),
            credentials: credentials, transport: configuration.transport(), retry: retryPolicy, metrics: metrics)
    }

    /// The retry policy `AWS_RETRY_MODE`/`retry_mode` and `AWS_MAX_ATTEMPTS`/`max_attempts` configure.
    var retryPolicy: RetryPolicy {
        .configured(mode: configuration.retryMode?.value, maxAttempts: configuration.maxAttempts?.value)
    }

    /// A Query client for `service` in `region`, rate-limited per `account`.
    func client(_ service: AWSService, region: String, account: String? = nil) throws -> QueryClient {
        try QueryClient(
            service: service, region: region, endpoint: try configuration.endpointURL(for: service, region: region),
            credentials: credentials, transport: configuration.transport(), retry: retryPolicy,
            rateLimiter: rateLimiter,
            rateLimitKey: account, metrics: metrics)
    }

    /// An Organizations client (JSON 1.1, the partition's global region) with this session's credentials.
    func organizationsClient() throws -> JSONClient {
        try JSONClient(
            service: .organizations, region: homeRegion,
            endpoint: try configuration.endpointURL(for: .organizations, region: homeRegion), credentials: credentials,
            transport: configuration.transport(), retry: retryPolicy, rateLimiter: rateLimiter, metrics: metrics)
    }

    /// The partition of the home region, for role ARNs (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, …), from botocore's
    /// endpoint data.
    var partition: String {
        (try? EndpointTable.botocore.resolve(service: "sts", region: homeRegion).partition) ?? "aws"
    }

    /// The account id and ARN of the caller (STS `GetCallerIdentity`).
    func callerIdentity(logger: Logger) async throws -> (account: String, arn: String) {
        let root = try await client(.sts, region: homeRegion).send("GetCallerIdentity", logger: logger)
        let output = try ShapeDecoder.decodeOutput(operation: .getCallerIdentity, root: root)
        guard let account = output["Account"]?.stringValue else {
            throw QueryError.malformedResponse(action: "GetCallerIdentity", status: 200, detail: "no Account element")
        }
        return (account, output["Arn"]?.stringValue ?? "")
    }

    /// The regions enabled for the caller's account (EC2 `DescribeRegions`).
    func enabledRegions(logger: Logger) async throws -> [String] {
        let root = try await client(.ec2, region: homeRegion).send("DescribeRegions", logger: logger)
        let output = try ShapeDecoder.decodeOutput(operation: .describeRegions, root: root)
        return (output["Regions"]?.arrayValue ?? []).compactMap { $0["RegionName"]?.stringValue }.sorted()
    }

    /// A scope reader that uses this session's credentials for `account`.
    func scopeReader(account: String, stacks: StackReadOptions = .disabled) -> AWSScopeReader {
        AWSScopeReader(stacks: stacks) { service, region in try client(service, region: region, account: account) }
    }
}
