import Foundation
import Testing

@testable import AWSQuery

@Suite struct EnvironmentCredentialProviderTests {
    @Test func readsKeysTokenAndExpiration() async throws {
        let provider = EnvironmentCredentialProvider(
            environment: AWSEnvironment(
                variables: [
                    "AWS_ACCESS_KEY_ID": "AKIAENVKEY0000000001", "AWS_SECRET_ACCESS_KEY": "env-secret-do-not-log",
                    "AWS_SESSION_TOKEN": "env-token-do-not-log", "AWS_CREDENTIAL_EXPIRATION": "2030-01-02T03:04:05Z",
                ], homeDirectory: "/nonexistent"))
        #expect(provider.isConfigured)
        let (logger, log) = CapturingLogHandler.make()
        let credentials = try await provider.credentials(logger: logger)
        #expect(credentials.accessKeyId == "AKIAENVKEY0000000001")
        #expect(credentials.secretAccessKey == "env-secret-do-not-log")
        #expect(credentials.sessionToken == "env-token-do-not-log")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_553_445))
        #expect(provider.sourceDescription == "environment variables")
        Secrets.expectAbsent(in: log.lines.joined(separator: "\n") + "\(credentials)")
        #expect(!log.lines.joined().contains("AKIAENVKEY0000000001"))
    }

    @Test func legacySecurityTokenAndNoExpiration() async throws {
        let provider = EnvironmentCredentialProvider(
            environment: AWSEnvironment(
                variables: [
                    "AWS_ACCESS_KEY_ID": "AKIA1", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SECURITY_TOKEN": "legacy",
                ], homeDirectory: "/"))
        let credentials = try await provider.credentials(logger: .init(label: "t"))
        #expect(credentials.sessionToken == "legacy")
        #expect(credentials.expiration == nil)
    }

    @Test func unsetOrEmptyIsNotConfigured() {
        #expect(!EnvironmentCredentialProvider(environment: .init(variables: [:], homeDirectory: "/")).isConfigured)
        #expect(
            !EnvironmentCredentialProvider(environment: .init(variables: ["AWS_ACCESS_KEY_ID": ""], homeDirectory: "/"))
                .isConfigured)
    }

    @Test func partialAndMalformedValuesAreClearErrors() async throws {
        let partial = EnvironmentCredentialProvider(
            environment: .init(
                variables: ["AWS_ACCESS_KEY_ID": "AKIA1"], homeDirectory: "/"))
        await #expect(
            throws: CredentialError.partialCredentials(
                source: "environment variables", missing: "AWS_SECRET_ACCESS_KEY")
        ) {
            try await partial.credentials(logger: .init(label: "t"))
        }
        let badDate = EnvironmentCredentialProvider(
            environment: .init(
                variables: [
                    "AWS_ACCESS_KEY_ID": "AKIA1", "AWS_SECRET_ACCESS_KEY": "env-secret-do-not-log",
                    "AWS_CREDENTIAL_EXPIRATION": "tomorrow",
                ], homeDirectory: "/"))
        let error = await #expect(throws: CredentialError.self) {
            try await badDate.credentials(logger: .init(label: "t"))
        }
        #expect(error?.description.contains("AWS_CREDENTIAL_EXPIRATION") == true)
        Secrets.expectAbsent(in: error?.description ?? "")
    }
}
