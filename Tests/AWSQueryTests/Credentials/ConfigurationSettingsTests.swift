import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@testable import AWSQuery

/// Settings read as botocore reads them: config file syntax, FIPS/dual-stack endpoints, CA bundle, no region.
@Suite struct ConfigurationSettingsTests {
    static func configuration(_ variables: [String: String] = [:], config: String, profile: String? = nil) throws
        -> ClientConfiguration
    {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let env = try environment(variables, config: config, in: directory)
        return try ClientConfiguration.resolve(
            overrides: .init(profile: profile), environment: env, sharedConfig: env.loadSharedConfig())
    }

    @Test func aCommentAfterASectionHeaderAndQuotedProfileNamesAreAcceptedAsBotocoreDoes() throws {
        let text = """
            [profile a] ; the production account
            region = eu-west-1
            [profile "with space"]   # quoted, as the AWS CLI writes names with spaces
            region = us-west-2
            [default]
            region = ap-south-1
            """
        let shared = SharedConfig(config: try SharedConfigFile(parsing: text, path: "config"), credentials: nil)
        #expect(shared.profiles["a"]?["region"] == "eu-west-1")
        #expect(shared.profiles["with space"]?["region"] == "us-west-2")
        #expect(shared.profiles["default"]?["region"] == "ap-south-1")
        #expect(shared.profiles.count == 3)
    }

    @Test func theSameFileReadByBotocoreGivesTheSameProfiles() throws {
        let text =
            "[profile a] ; c\nregion = eu-west-1\n[profile \"b c\"]\nregion = us-west-2\n[profile x y z]\nregion = r\n"
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = try directory.write("config", text)
        let result = try runProcessBlocking(
            executable: "python3",
            arguments: [
                "-c",
                "import json,sys; from botocore.configloader import load_config; "
                    + "print(json.dumps(sorted(load_config(sys.argv[1])['profiles'])))",
                path,
            ])
        let botocore = try JSONDecoder().decode([String].self, from: result.stdout)
        let shared = SharedConfig(config: try SharedConfigFile(parsing: text, path: path), credentials: nil)
        #expect(shared.profiles.keys.sorted() == botocore)
    }

    @Test func aHeaderWithoutAClosingBracketIsStillAnError() {
        #expect(
            throws: CredentialError.configParse(file: "c", line: 1, reason: "a section header must look like [name]")
        ) {
            try SharedConfigFile(parsing: "[profile a ; oops\nregion = x\n", path: "c")
        }
    }

    @Test func fipsAndDualStackFromTheEnvironmentWinOverTheProfile() throws {
        let config = "[default]\nregion = us-gov-west-1\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n"
        let fromProfile = try Self.configuration(config: config)
        #expect(fromProfile.endpointVariant == EndpointVariant(fips: true, dualStack: true))
        #expect(
            try fromProfile.endpointURL(for: .ec2, region: "us-gov-west-1").absoluteString
                == "https://ec2-fips.us-gov-west-1.api.aws/")
        let overridden = try Self.configuration(
            ["AWS_USE_FIPS_ENDPOINT": "false", "AWS_USE_DUALSTACK_ENDPOINT": "false"], config: config)
        #expect(overridden.endpointVariant == .standard)
        #expect(
            try overridden.endpointURL(for: .cloudFormation, region: "cn-north-1").absoluteString
                == "https://cloudformation.cn-north-1.amazonaws.com.cn/")
        #expect(throws: CredentialError.self) {
            try Self.configuration(["AWS_USE_FIPS_ENDPOINT": "yes"], config: config)
        }
    }

    @Test func aConfiguredEndpointWinsOverTheVariant() throws {
        let configuration = try Self.configuration(
            ["AWS_USE_FIPS_ENDPOINT": "true", "AWS_ENDPOINT_URL_EC2": "http://127.0.0.1:5000"], config: "[default]\n")
        #expect(try configuration.endpointURL(for: .ec2, region: "eu-west-1") == URL(string: "http://127.0.0.1:5000"))
    }

    @Test func caBundleFromTheEnvironmentOrTheProfileReachesTheTransport() throws {
        let config = "[default]\nca_bundle = /etc/corp/ca.pem\n"
        let fromProfile = try Self.configuration(config: config)
        #expect(fromProfile.caBundle == ConfiguredValue(value: "/etc/corp/ca.pem", source: "profile default"))
        #expect(fromProfile.transport().caBundle == "/etc/corp/ca.pem")
        let fromEnvironment = try Self.configuration(["AWS_CA_BUNDLE": "/tmp/other.pem"], config: config)
        #expect(fromEnvironment.transport().caBundle == "/tmp/other.pem")
        #expect(try Self.configuration(config: "[default]\n").caBundle == nil)
    }

    @Test func noRegionAnywhereIsTheAWSCLIsMessageNotUSEast1() throws {
        let configuration = try Self.configuration(config: "[default]\noutput = json\n")
        #expect(configuration.region == nil)
        #expect(throws: CredentialError.noRegion) { try configuration.requiredRegion() }
        #expect(
            CredentialError.noRegion.description
                == #"You must specify a region. You can also configure your region by running "aws configure"."#)
        #expect(
            try Self.configuration(["AWS_REGION": "eu-west-3"], config: "[default]\n").requiredRegion() == "eu-west-3")
    }
}

/// Web identity's unsigned `AssumeRoleWithWebIdentity` is retried on the identity provider's passing
/// `IDPCommunicationError`, as botocore's STS client retries it.
@Suite struct WebIdentityRetryTests {
    /// Answers the scripted statuses/bodies in order, counting the requests.
    final class SequenceTransport: HTTPTransport {
        let answers: Mutex<[HTTPResponse]>
        let count = Mutex(0)
        init(_ answers: [HTTPResponse]) { self.answers = Mutex(answers) }
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            count.withLock { $0 += 1 }
            return answers.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
        }
    }

    static let idpError = HTTPResponse(
        status: 400,
        body: Data(
            """
            <ErrorResponse><Error><Type>Sender</Type><Code>IDPCommunicationError</Code>
            <Message>The identity provider could not be reached</Message></Error><RequestId>r</RequestId></ErrorResponse>
            """.utf8))
    static let success = HTTPResponse(
        status: 200,
        body: Data(
            """
            <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>
            <AccessKeyId>ASIAWEBID</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey>
            <SessionToken>web-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
            <AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/r/s</Arn></AssumedRoleUser>
            </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>
            """.utf8))

    func provider(_ transport: SequenceTransport, maxAttempts: Int) throws -> (
        WebIdentityCredentialProvider, TempDirectory
    ) {
        let directory = try TempDirectory()
        let file = try directory.write("token", "web-identity-token-do-not-log")
        let retry = RetryPolicy(maxAttempts: maxAttempts, sleep: { _ in })
        let sts = STSClient.query(
            region: "eu-west-1", endpoint: URL(string: "http://127.0.0.1:9"), transport: transport, retry: retry)
        return (
            WebIdentityCredentialProvider(roleArn: "arn:aws:iam::1:role/r", tokenFile: file, origin: "test", sts: sts),
            directory
        )
    }

    @Test func anIDPCommunicationErrorIsRetried() async throws {
        let transport = SequenceTransport([Self.idpError, Self.idpError, Self.success])
        let (provider, directory) = try provider(transport, maxAttempts: 3)
        defer { directory.remove() }
        #expect(try await provider.credentials(logger: .init(label: "t")).accessKeyId == "ASIAWEBID")
        #expect(transport.count.withLock { $0 } == 3)
    }

    @Test func retriesStopAtMaxAttemptsWithTheServicesError() async throws {
        let transport = SequenceTransport([Self.idpError])
        let (provider, directory) = try provider(transport, maxAttempts: 2)
        defer { directory.remove() }
        let error = await #expect(throws: QueryError.self) { try await provider.credentials(logger: .init(label: "t")) }
        #expect(error?.code == "IDPCommunicationError")
        #expect(transport.count.withLock { $0 } == 2)
    }

    @Test func anInvalidTokenIsNotRetried() async throws {
        let invalid = HTTPResponse(
            status: 400,
            body: Data(
                "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>m</Message></Error></ErrorResponse>"
                    .utf8))
        let transport = SequenceTransport([invalid])
        let (provider, directory) = try provider(transport, maxAttempts: 3)
        defer { directory.remove() }
        await #expect(throws: QueryError.self) { try await provider.credentials(logger: .init(label: "t")) }
        #expect(transport.count.withLock { $0 } == 1)
    }
}
