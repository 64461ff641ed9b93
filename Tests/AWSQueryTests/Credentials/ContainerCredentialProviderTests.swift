import Foundation
import Testing

@testable import AWSQuery

@Suite struct ContainerCredentialProviderTests {
    func provider(_ variables: [String: String]) -> ContainerCredentialProvider {
        ContainerCredentialProvider(
            environment: AWSEnvironment(variables: variables, homeDirectory: "/"), retryDelay: .milliseconds(10))
    }

    @Test func twoFailedAttemptsAreRetriedAsBotocoreDoes() async throws {
        let server = try await StubServers.shared.server("container")
        // The stub answers 500 to the first two requests of each /flaky/<id> path.
        let url = "http://127.0.0.1:\(server.port)/flaky/\(UUID().uuidString)"
        let variables = [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": url,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer test-container-token",
        ]
        #expect(
            try await provider(variables).credentials(logger: .init(label: "t")).accessKeyId == "ASIACONTAINERKEY0001")
        var twoAttempts = provider(
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url + "-again"].merging(variables) { new, _ in new })
        twoAttempts.attempts = 2
        let error = await #expect(throws: CredentialError.self) {
            try await twoAttempts.credentials(logger: .init(label: "t"))
        }
        #expect(error?.description.contains("HTTP status 500") == true)
    }

    @Test func fetchesFromALoopbackFullURIWithTheTokenFromAFile() async throws {
        let server = try await StubServers.shared.server("container")
        let directory = try TempDirectory()
        defer { directory.remove() }
        let tokenFile = try directory.write("token", "Bearer test-container-token\n")
        let container = provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-the-file-is-set",
        ])
        #expect(container.isConfigured)
        let (logger, log) = CapturingLogHandler.make()
        let credentials = try await container.credentials(logger: logger)
        #expect(credentials.accessKeyId == "ASIACONTAINERKEY0001")
        #expect(credentials.secretAccessKey == "container-secret-do-not-log")
        #expect(credentials.sessionToken == "container-token-do-not-log")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 4_070_908_800))
        Secrets.expectAbsent(in: log.lines.joined(separator: "\n"))
    }

    @Test func tokenFromTheEnvironmentAndAWrongTokenIsRefused() async throws {
        let server = try await StubServers.shared.server("container")
        let url = "http://127.0.0.1:\(server.port)/creds"
        let good = provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": url,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer test-container-token",
        ])
        #expect(try await good.credentials(logger: .init(label: "t")).accessKeyId == "ASIACONTAINERKEY0001")
        let wrong = provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": url, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer nope",
        ])
        let error = await #expect(throws: CredentialError.self) {
            try await wrong.credentials(logger: .init(label: "t"))
        }
        #expect(
            error
                == .metadataRequestFailed(
                    source: "container credentials endpoint", url: url, reason: "HTTP status 401"))
    }

    @Test func relativeURIUsesTheECSAddress() throws {
        let relative = provider(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"])
        #expect(try relative.endpoint() == URL(string: "http://169.254.170.2/v2/credentials/abc"))
        #expect(!provider([:]).isConfigured)
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080/x", true), ("http://127.1.2.3/x", true), ("http://[::1]:80/x", true),
        ("http://localhost/x", true), ("http://169.254.170.23/x", true), ("https://creds.example.com/x", true),
        ("http://10.0.0.1/x", false), ("http://creds.example.com/x", false), ("http://127.0.0.1.evil.example/x", false),
    ])
    func fullURIHostsAreRestricted(uri: String, allowed: Bool) {
        let result = Result { try provider(["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri]).endpoint() }
        #expect(((try? result.get()) != nil) == allowed)
    }

    @Test func multiLineTokenIsRejectedWithoutShowingIt() async throws {
        let bad = provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "test-container-token\r\nX-Evil: 1",
        ])
        let error = await #expect(throws: CredentialError.self) { try await bad.credentials(logger: .init(label: "t")) }
        Secrets.expectAbsent(in: error?.description ?? "")
    }
}
