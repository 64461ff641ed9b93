import Foundation
import Logging
import Testing

@testable import AWSQuery

/// The CLI's path: flags + environment + files → configuration → credentials → identity, against moto.
@Suite struct AWSSessionTests {
    let logger = Logger(label: "t")

    @Test func profileFlagRoleArnAndIdentityAgainstMoto() async throws {
        let moto = try await StubServers.shared.server("moto")
        let directory = try TempDirectory()
        defer { directory.remove() }
        let env = try environment(
            ["AWS_ACCESS_KEY_ID": "AKIAENVIGNORED", "AWS_SECRET_ACCESS_KEY": "env-secret-do-not-log"],
            config: """
                [profile ops]
                region = eu-central-1
                role_arn = arn:aws:iam::111111111111:role/ops
                source_profile = base
                """,
            credentials: """
                [base]
                aws_access_key_id = AKIABASE
                aws_secret_access_key = file-secret-do-not-log
                """, in: directory)
        let session = try AWSSession.load(
            overrides: .init(profile: "ops", endpointURL: moto.baseURL), environment: env)
        #expect(session.region == "eu-central-1")
        #expect(session.configuration.endpointURL(for: .ec2) == moto.baseURL)

        let profileRole = try await session.credentialProvider(logger: logger)
        #expect(profileRole.sourceDescription.hasPrefix("assume role arn:aws:iam::111111111111:role/ops (profile ops)"))
        #expect(try await session.callerIdentity(of: profileRole, logger: logger).account == "111111111111")

        let chained = try await session.credentialProvider(
            roleArn: "arn:aws:iam::222222222222:role/inventory", externalId: "ext-1", sessionName: "nightly",
            logger: logger)
        let identity = try await session.callerIdentity(of: chained, logger: logger)
        #expect(identity.account == "222222222222")
        #expect(identity.arn == "arn:aws:sts::222222222222:assumed-role/inventory/nightly")
        #expect(
            chained.sourceDescription.hasPrefix("assume role arn:aws:iam::222222222222:role/inventory from assume role")
        )
    }

    @Test func credentialSourceWithoutItsSourceIsClear() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let env = try environment(
            config: """
                [profile ecs]
                role_arn = arn:aws:iam::1:role/x
                credential_source = EcsContainer
                """, in: directory)
        let session = try AWSSession.load(overrides: .init(profile: "ecs"), environment: env)
        let error = await #expect(throws: CredentialError.self) { try await session.credentialProvider(logger: logger) }
        #expect(error?.description.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == true)
    }
}
