import Foundation
import Testing

@testable import AWSQuery

/// IMDSv2 against moto, which serves the token, role and credentials paths on its own port.
@Suite struct InstanceMetadataCredentialProviderTests {
    @Test func fetchesRoleCredentialsWithAToken() async throws {
        let moto = try await StubServers.shared.server("moto")
        let provider = try #require(
            try InstanceMetadataCredentialProvider(
                environment: AWSEnvironment(
                    variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": moto.baseURL.absoluteString], homeDirectory: "/"),
                profile: nil))
        #expect(provider.endpoint == moto.baseURL)
        let (logger, log) = CapturingLogHandler.make()
        let credentials = try await provider.credentials(logger: logger)
        #expect(credentials.accessKeyId == "test-key")
        #expect(credentials.secretAccessKey == "test-secret-key")
        #expect(credentials.sessionToken == "test-session-token")
        let expiration = try #require(credentials.expiration)
        #expect(expiration > Date().addingTimeInterval(3600))
        #expect(log.lines.contains { $0.contains("aws-instance-role=default-role") })
        Secrets.expectAbsent(in: log.lines.joined(separator: "\n"))
    }

    @Test func endpointFromProfileAndDisabledFlag() throws {
        let profile = SharedConfig.Profile(
            values: ["ec2_metadata_service_endpoint": "http://127.0.0.1:9"], configFileValues: [:],
            credentialsFileValues: [:])
        let fromProfile = try #require(
            try InstanceMetadataCredentialProvider(
                environment: .init(variables: [:], homeDirectory: "/"), profile: profile))
        #expect(fromProfile.endpoint == URL(string: "http://127.0.0.1:9"))
        #expect(
            try InstanceMetadataCredentialProvider(
                environment: .init(variables: [:], homeDirectory: "/"), profile: nil)?
                .endpoint == URL(string: "http://169.254.169.254"))
        #expect(
            try InstanceMetadataCredentialProvider(
                environment: .init(variables: ["AWS_EC2_METADATA_DISABLED": "True"], homeDirectory: "/"),
                profile: profile) == nil)
    }

    @Test func unreachableServiceIsSkippedByTheChain() async throws {
        // Port 9 (discard) on loopback refuses connections: instance metadata is "unavailable", not fatal.
        let environment = AWSEnvironment(
            variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"], homeDirectory: "/nonexistent")
        let chain = CredentialChain.standard(
            configuration: try ClientConfiguration.resolve(environment: environment, sharedConfig: SharedConfig()),
            environment: environment, sharedConfig: SharedConfig(), sts: .unreachable)
        let error = await #expect(throws: CredentialError.self) { try await chain.resolve(logger: .init(label: "t")) }
        #expect(
            error
                == .noCredentials(tried: [
                    "environment variables", "assume role profile", "web identity", "SSO profile",
                    "shared credentials file",
                    "credential_process", "shared config file", "container credentials endpoint",
                    "EC2 instance metadata (unavailable)",
                ]))
    }
}

/// IMDSv2 → IMDSv1 fallback against `stub_server.py imds`, whose token call never answers in time.
@Suite struct InstanceMetadataFallbackTests {
    func provider(_ variables: [String: String], profile: [String: String] = [:]) async throws
        -> InstanceMetadataCredentialProvider
    {
        let stub = try await StubServers.shared.server("imds")
        var provider = try #require(
            try InstanceMetadataCredentialProvider(
                environment: AWSEnvironment(
                    variables: variables.merging(["AWS_EC2_METADATA_SERVICE_ENDPOINT": stub.baseURL.absoluteString]) {
                        $1
                    }, homeDirectory: "/"),
                profile: SharedConfig.Profile(values: profile, configFileValues: profile, credentialsFileValues: [:])))
        provider.timeout = 1
        return provider
    }

    @Test func aTokenCallThatTimesOutFallsBackToIMDSv1() async throws {
        let credentials = try await provider([:]).credentials(logger: .init(label: "t"))
        #expect(credentials.accessKeyId == "ASIAIMDSV1KEY")
    }

    @Test(arguments: [
        (["AWS_EC2_METADATA_V1_DISABLED": "true"], [String: String]()),
        ([:], ["ec2_metadata_v1_disabled": "true"]),
    ])
    func withIMDSv1DisabledATimedOutTokenCallIsAnError(variables: [String: String], profile: [String: String])
        async throws
    {
        let provider = try await provider(variables, profile: profile)
        #expect(provider.v1Disabled)
        let error = await #expect(throws: CredentialError.self) {
            try await provider.credentials(logger: .init(label: "t"))
        }
        #expect(error?.description.contains("IMDSv1 is disabled") == true)
        Secrets.expectAbsent(in: error?.description ?? "")
    }

    @Test func theEnvironmentWinsOverTheProfileAndAMalformedValueIsRefused() async throws {
        #expect(
            try await provider(["AWS_EC2_METADATA_V1_DISABLED": "false"], profile: ["ec2_metadata_v1_disabled": "true"])
                .v1Disabled == false)
        await #expect(throws: CredentialError.self) { _ = try await provider(["AWS_EC2_METADATA_V1_DISABLED": "yes"]) }
    }
}
