import Foundation
import Logging
import Testing

@testable import AWSQuery

/// AssumeRole and AssumeRoleWithWebIdentity through the real Query client against moto.
/// moto accepts any role ARN and puts the temporary keys in the role's account.
@Suite struct STSMotoTests {
    let logger = Logger(label: "t")

    func callerAccount(_ provider: any CredentialProvider, moto: StubServer) async throws -> String? {
        let client = try QueryClient(service: .sts, region: "us-east-1", endpoint: moto.baseURL, credentials: provider)
        return try await client.send("GetCallerIdentity", logger: logger).firstDescendant(named: "Account")?.text
    }

    @Test func assumeRoleSwitchesAccount() async throws {
        let moto = try await StubServers.shared.server("moto")
        let base = StaticCredentialProvider(
            Credentials(
                accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
        #expect(try await callerAccount(base, moto: moto) == "123456789012")
        let role = AssumeRoleCredentialProvider(
            roleArn: "arn:aws:iam::111111111111:role/ops", base: base, sessionName: "plinv-test", externalId: "ext-1",
            region: "us-east-1", endpoint: moto.baseURL)
        let credentials = try await role.credentials(logger: logger)
        #expect(credentials.accessKeyId.hasPrefix("ASIA"))
        #expect(credentials.sessionToken?.isEmpty == false)
        #expect(credentials.expiration != nil)
        #expect(try await callerAccount(CachingCredentialProvider(role), moto: moto) == "111111111111")
    }

    @Test func assumedRoleUserARNIsReturned() async throws {
        let moto = try await StubServers.shared.server("moto")
        let assumed = try await STSClient.query(region: "us-east-1", endpoint: moto.baseURL).assumeRole(
            roleARN: "arn:aws:iam::222222222222:role/audit", sessionName: "audit-run", externalID: nil,
            durationSeconds: 900, source: Credentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x"),
            logger: logger)
        #expect(assumed.assumedRoleARN == "arn:aws:sts::222222222222:assumed-role/audit/audit-run")
    }

    @Test func webIdentityThroughTheChain() async throws {
        let moto = try await StubServers.shared.server("moto")
        let directory = try TempDirectory()
        defer { directory.remove() }
        let token = try directory.write("token", "web-identity-token-do-not-log")
        let environment = AWSEnvironment(
            variables: [
                "AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::333333333333:role/irsa",
                "AWS_ROLE_SESSION_NAME": "pod", "AWS_REGION": "eu-west-1",
                "AWS_ENDPOINT_URL_STS": moto.baseURL.absoluteString,
            ], homeDirectory: directory.path)
        let shared = try environment.loadSharedConfig()
        let configuration = try ClientConfiguration.resolve(environment: environment, sharedConfig: shared)
        let chain = CredentialChain.standard(
            configuration: configuration, environment: environment, sharedConfig: shared,
            sts: .query(configuration: configuration))
        let (capturing, log) = CapturingLogHandler.make()
        let provider = try await chain.resolve(logger: capturing)
        #expect(
            provider.sourceDescription
                == "web identity token for arn:aws:iam::333333333333:role/irsa (environment variables)")
        #expect(try await callerAccount(provider, moto: moto) == "333333333333")
        Secrets.expectAbsent(in: log.lines.joined(separator: "\n"))
    }

    @Test func stsFailureSurfacesAsAQueryErrorWithoutSecrets() async throws {
        // The container stub does not speak STS: it answers POST with a non-XML 501.
        let stub = try await StubServers.shared.server("container")
        let role = AssumeRoleCredentialProvider(
            roleArn: "arn:aws:iam::1:role/x",
            base: StaticCredentialProvider(
                Credentials(accessKeyId: "AKIA1", secretAccessKey: "file-secret-do-not-log")),
            sessionName: "s", region: "us-east-1", endpoint: stub.baseURL)
        let error = await #expect(throws: QueryError.self) { try await role.credentials(logger: logger) }
        #expect(error?.status == 501)
        Secrets.expectAbsent(in: String(describing: error))
    }
}
