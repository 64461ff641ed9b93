import Foundation
import Logging
import Testing

@testable import AWSQuery

/// Drives failures and successes whose inputs hold secrets, and checks that no secret reaches an error
/// description, a source description or a log line (captured at trace level).
@Suite struct SecretRedactionTests {
    @Test func noSecretInErrorsDescriptionsOrLogs() async throws {
        let (logger, log) = CapturingLogHandler.make()
        var rendered: [String] = []
        func capture(_ body: () async throws -> Any) async {
            do {
                let value = try await body()
                rendered.append(String(describing: value))
            } catch {
                rendered.append(String(describing: error))
            }
        }
        let script = fixture("credential_process.sh")
        let directory = try TempDirectory()
        defer { directory.remove() }
        let token = try directory.write("token", "web-identity-token-do-not-log")
        let container = try await StubServers.shared.server("container")

        await capture { try SharedConfigFile(parsing: "[p]\naws_secret_access_key file-secret-do-not-log", path: "c") }
        await capture {
            try SharedConfigFile(parsing: "[p]\nx = 1\n  aws_secret_access_key file-secret-do-not-log", path: "c")
        }
        for mode in ["static", "badjson", "fail", "version2", "missing"] {
            let provider = ProcessCredentialProvider(command: "\(script) \(mode)", profile: "p")
            rendered.append(provider.sourceDescription)
            await capture { try await provider.credentials(logger: logger) }
        }
        for variables in [
            [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(container.port)/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer test-container-token",
            ],
            [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(container.port)/other",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer test-container-token",
            ],
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.1.1.1/creds?token=test-container-token"],
        ] {
            let provider = ContainerCredentialProvider(environment: .init(variables: variables, homeDirectory: "/"))
            await capture { try await provider.credentials(logger: logger) }
        }
        let env = EnvironmentCredentialProvider(
            environment: .init(
                variables: [
                    "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret-do-not-log",
                    "AWS_SESSION_TOKEN": "env-token-do-not-log",
                ], homeDirectory: "/"))
        let shared = SharedConfig(
            config: nil,
            credentials: try SharedConfigFile(
                parsing: "[p]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret-do-not-log", path: "c")
        )
        let profile = try #require(ProfileCredentialProvider(profile: "p", file: .credentials, sharedConfig: shared))
        // Values that hold secrets, printed and debug-printed.
        for value in [env, env.environment, shared, shared.profiles["p"] as Any, profile] as [Any] {
            rendered.append(String(describing: value) + String(reflecting: value))
        }
        await capture { try await env.credentials(logger: logger) }
        let sts = RecordingSTS()
        let web = WebIdentityCredentialProvider(
            roleArn: "arn:aws:iam::1:role/w", tokenFile: token, sessionName: "s", origin: "test", sts: sts.client)
        rendered.append(web.sourceDescription)
        await capture { try await web.credentials(logger: logger) }
        let failingWeb = WebIdentityCredentialProvider(
            roleArn: "arn:aws:iam::1:role/w", tokenFile: token, sessionName: "s", origin: "test", sts: .unreachable)
        await capture { try await failingWeb.credentials(logger: logger) }
        let role = AssumeRoleCredentialProvider(
            roleArn: "arn:aws:iam::1:role/r", base: CachingCredentialProvider(env), sessionName: "s", sts: sts.client)
        rendered.append(role.sourceDescription)
        await capture { try await CachingCredentialProvider(role).credentials(logger: logger) }

        #expect(rendered.count == 26)
        #expect(!log.lines.isEmpty)
        let everything = (rendered + log.lines).joined(separator: "\n")
        Secrets.expectAbsent(in: everything)
        #expect(!everything.contains("sts-secret"))
        #expect(!everything.contains("sts-token"))
    }
}
