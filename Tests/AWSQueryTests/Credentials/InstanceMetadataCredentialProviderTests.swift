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
