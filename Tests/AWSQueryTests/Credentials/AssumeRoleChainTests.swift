import Foundation
import Logging
import Synchronization
import Testing

@testable import AWSQuery

/// An STS stand-in that records each call and returns credentials named after the role.
final class RecordingSTS: Sendable {
    struct Call: Sendable, Equatable {
        var action: String
        var parameters: [String: String]
        var signedWith: String?
    }

    private let recorded = Mutex<[Call]>([])
    var calls: [Call] { recorded.withLock { $0 } }

    var client: STSClient {
        STSClient(region: "us-east-1") { action, parameters, credentials, _ in
            let dictionary = Dictionary(parameters, uniquingKeysWith: { $1 })
            self.recorded.withLock {
                $0.append(Call(action: action, parameters: dictionary, signedWith: credentials?.accessKeyId))
            }
            let role = dictionary["RoleArn"]?.split(separator: "/").last.map(String.init) ?? "none"
            return try XMLNode.parse(
                Data(
                    """
                    <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><\(action)Result>
                    <Credentials><AccessKeyId>ASIA-\(role)</AccessKeyId><SecretAccessKey>sts-secret</SecretAccessKey>
                    <SessionToken>sts-token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>
                    <AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/\(role)/s</Arn></AssumedRoleUser>
                    </\(action)Result></\(action)Response>
                    """.utf8))
        }
    }
}

@Suite struct AssumeRoleChainTests {
    static let config = """
        [profile base]
        region = eu-west-1
        [profile ops]
        role_arn = arn:aws:iam::111111111111:role/ops
        source_profile = base
        external_id = ext-123
        role_session_name = nightly
        duration_seconds = 1800
        [profile audit]
        role_arn = arn:aws:iam::222222222222:role/audit
        source_profile = ops
        [profile self]
        role_arn = arn:aws:iam::333333333333:role/self
        source_profile = self
        aws_access_key_id = AKIASELF
        aws_secret_access_key = config-secret-do-not-log
        [profile loop-a]
        role_arn = arn:aws:iam::1:role/a
        source_profile = loop-b
        [profile loop-b]
        role_arn = arn:aws:iam::1:role/b
        source_profile = loop-a
        [profile mfa]
        role_arn = arn:aws:iam::1:role/m
        source_profile = base
        mfa_serial = arn:aws:iam::1:mfa/me
        [profile from-env]
        role_arn = arn:aws:iam::444444444444:role/env
        credential_source = Environment
        [profile both-sources]
        role_arn = arn:aws:iam::1:role/x
        source_profile = base
        credential_source = Environment
        [profile bad-source]
        role_arn = arn:aws:iam::1:role/x
        credential_source = Laptop
        [profile web]
        role_arn = arn:aws:iam::555555555555:role/web
        web_identity_token_file = TOKEN_FILE
        role_session_name = web-session
        [profile sso]
        sso_session = corp
        sso_account_id = 1
        """
    static let credentials = """
        [base]
        aws_access_key_id = AKIABASE
        aws_secret_access_key = file-secret-do-not-log
        """

    /// Resolves `profile` (given as --profile unless nil) through the standard chain with a recording STS.
    func resolve(
        _ profile: String?, variables: [String: String] = [:], sts: RecordingSTS
    ) async throws -> (CachingCredentialProvider, Credentials) {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let tokenFile = try directory.write("token", "web-identity-token-do-not-log\n")
        let env = try environment(
            variables, config: Self.config.replacingOccurrences(of: "TOKEN_FILE", with: tokenFile),
            credentials: Self.credentials, in: directory)
        let shared = try env.loadSharedConfig()
        let configuration = try ClientConfiguration.resolve(
            overrides: .init(profile: profile), environment: env, sharedConfig: shared)
        let chain = CredentialChain.standard(
            configuration: configuration, environment: env, sharedConfig: shared, sts: sts.client)
        let provider = try await chain.resolve(logger: Logger(label: "t"))
        return (provider, try await provider.credentials(logger: Logger(label: "t")))
    }

    @Test func assumesARoleWithAllProfileSettings() async throws {
        let sts = RecordingSTS()
        let (provider, credentials) = try await resolve("ops", sts: sts)
        #expect(credentials.accessKeyId == "ASIA-ops")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_456_000))
        #expect(
            sts.calls == [
                .init(
                    action: "AssumeRole",
                    parameters: [
                        "RoleArn": "arn:aws:iam::111111111111:role/ops", "RoleSessionName": "nightly",
                        "ExternalId": "ext-123", "DurationSeconds": "1800",
                    ],
                    signedWith: "AKIABASE")
            ])
        #expect(
            provider.sourceDescription
                == "assume role arn:aws:iam::111111111111:role/ops (profile ops) from shared credentials file, profile base"
        )
    }

    @Test func chainedProfilesAssumeEachRoleInTurn() async throws {
        let sts = RecordingSTS()
        let (_, credentials) = try await resolve("audit", sts: sts)
        #expect(credentials.accessKeyId == "ASIA-audit")
        #expect(sts.calls.map(\.signedWith) == ["AKIABASE", "ASIA-ops"])
        #expect(
            sts.calls.map { $0.parameters["RoleArn"] } == [
                "arn:aws:iam::111111111111:role/ops", "arn:aws:iam::222222222222:role/audit",
            ])
        #expect(sts.calls[1].parameters["RoleSessionName"]?.hasPrefix("plinv-") == true)
    }

    @Test func aProfileMaySourceItsOwnStaticKeys() async throws {
        let sts = RecordingSTS()
        let (_, credentials) = try await resolve("self", sts: sts)
        #expect(credentials.accessKeyId == "ASIA-self")
        #expect(sts.calls.map(\.signedWith) == ["AKIASELF"])
    }

    @Test func credentialSourceEnvironment() async throws {
        let sts = RecordingSTS()
        let (_, credentials) = try await resolve(
            "from-env", variables: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret-do-not-log"],
            sts: sts)
        #expect(credentials.accessKeyId == "ASIA-env")
        #expect(sts.calls.map(\.signedWith) == ["AKIAENV"])
    }

    @Test func environmentKeysWinUnlessTheProfileIsAFlag() async throws {
        let sts = RecordingSTS()
        let env = [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret-do-not-log", "AWS_PROFILE": "ops",
        ]
        let (fromEnv, _) = try await resolve(nil, variables: env, sts: sts)
        #expect(fromEnv.sourceDescription == "environment variables")
        let (fromFlag, _) = try await resolve("ops", variables: env, sts: sts)
        #expect(fromFlag.sourceDescription.hasPrefix("assume role arn:aws:iam::111111111111:role/ops"))
    }

    @Test func webIdentityFromProfileIsUnsignedAndCarriesTheToken() async throws {
        let sts = RecordingSTS()
        let (provider, credentials) = try await resolve("web", sts: sts)
        #expect(credentials.accessKeyId == "ASIA-web")
        #expect(
            sts.calls == [
                .init(
                    action: "AssumeRoleWithWebIdentity",
                    parameters: [
                        "RoleArn": "arn:aws:iam::555555555555:role/web", "RoleSessionName": "web-session",
                        "WebIdentityToken": "web-identity-token-do-not-log",
                    ],
                    signedWith: nil)
            ])
        #expect(
            provider.sourceDescription
                == "web identity token for arn:aws:iam::555555555555:role/web (profile web)")
    }

    @Test func webIdentityFromEnvironment() async throws {
        let sts = RecordingSTS()
        let directory = try TempDirectory()
        defer { directory.remove() }
        let token = try directory.write("irsa", "web-identity-token-do-not-log")
        let (provider, _) = try await resolve(
            nil,
            variables: [
                "AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::666666666666:role/irsa",
                "AWS_ROLE_SESSION_NAME": "pod",
            ], sts: sts)
        #expect(provider.sourceDescription.hasSuffix("(environment variables)"))
        #expect(sts.calls.first?.parameters["RoleSessionName"] == "pod")
        #expect(sts.calls.first?.parameters["RoleArn"] == "arn:aws:iam::666666666666:role/irsa")
    }

    @Test(arguments: [
        ("loop-a", CredentialError.sourceProfileCycle(["loop-a", "loop-b", "loop-a"])),
        ("mfa", .mfaNotSupported(profile: "mfa", serial: "arn:aws:iam::1:mfa/me")),
        (
            "both-sources",
            .invalidProfile(profile: "both-sources", reason: "it sets both source_profile and credential_source")
        ),
        (
            "bad-source",
            .invalidProfile(
                profile: "bad-source",
                reason: "credential_source 'Laptop' is not one of Environment, Ec2InstanceMetadata, EcsContainer")
        ),
    ])
    func misconfiguredRoleProfilesFailClearly(profile: String, expected: CredentialError) async throws {
        let sts = RecordingSTS()
        await #expect(throws: expected) { try await resolve(profile, sts: sts) }
        #expect(sts.calls.isEmpty)
    }

    @Test func anSSOProfileWithoutItsSessionSectionNamesIt() async throws {
        // SSO profiles resolve now (SSOCredentialProviderTests); a broken one says what is missing.
        let error = await #expect(throws: CredentialError.self) { try await resolve("sso", sts: RecordingSTS()) }
        #expect(error?.description.contains("no [sso-session corp] section") == true)
    }

    @Test func explicitRoleOverBaseCredentials() async throws {
        let sts = RecordingSTS()
        let provider = AssumeRoleCredentialProvider(
            roleArn: "arn:aws:iam::777777777777:role/cli",
            base: StaticCredentialProvider(
                Credentials(accessKeyId: "AKIACLI", secretAccessKey: "s"), sourceDescription: "cli base"),
            sessionName: "cli", externalId: "x-1", sts: sts.client)
        #expect(try await provider.credentials(logger: Logger(label: "t")).accessKeyId == "ASIA-cli")
        #expect(
            sts.calls.first?.parameters == [
                "RoleArn": "arn:aws:iam::777777777777:role/cli", "RoleSessionName": "cli", "ExternalId": "x-1",
            ])
        #expect(provider.sourceDescription == "assume role arn:aws:iam::777777777777:role/cli from cli base")
    }
}
