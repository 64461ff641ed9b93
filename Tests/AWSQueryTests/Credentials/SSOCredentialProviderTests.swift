import Foundation
import Logging
import TestSupport
import Testing

@testable import AWSQuery

/// SSO profiles resolved through a loopback stub of the IAM Identity Center portal and OIDC (`stub_server.py sso`),
/// with token caches written the way the AWS CLI writes them.
@Suite struct SSOCredentialProviderTests {
    static let logger = Logger(label: "test")
    static let config = """
        [profile dev]
        sso_session = my-sso
        sso_account_id = 111122223333
        sso_role_name = ReadOnly
        region = eu-west-1
        [sso-session my-sso]
        sso_start_url = https://example.awsapps.com/start
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access
        [profile legacy]
        sso_start_url = https://legacy.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 111122223333
        sso_role_name = ReadOnly
        [profile other-role]
        sso_session = my-sso
        sso_account_id = 111122223333
        sso_role_name = Admin
        [profile ops]
        role_arn = arn:aws:iam::444455556666:role/ops
        source_profile = dev
        [profile broken]
        sso_session = missing
        sso_account_id = 1
        sso_role_name = R
        """

    /// A cache file as `aws sso login` writes it.
    static func token(_ accessToken: String, expiresIn seconds: TimeInterval, refreshable: Bool) -> String {
        var document: [String: Any] = [
            "startUrl": "https://example.awsapps.com/start", "region": "eu-west-1", "accessToken": accessToken,
            "expiresAt": SSOTokenCache.format(Date().addingTimeInterval(seconds)),
        ]
        if refreshable {
            document["refreshToken"] = "sso-refresh-token-1"
            document["clientId"] = "sso-client-id"
            document["clientSecret"] = "sso-client-secret-do-not-log"
            document["registrationExpiresAt"] = "2099-01-01T00:00:00Z"
        }
        let data = try! JSONSerialization.data(withJSONObject: document)
        return String(decoding: data, as: UTF8.self)
    }

    /// Resolves `profile` through the standard chain with the SSO endpoints on the stub.
    static func resolve(
        _ profile: String, cacheKey: String, cache: String?, in directory: TempDirectory, sts: STSClient? = nil
    ) async throws -> (CachingCredentialProvider, AWSEnvironment) {
        let stub = try await StubServers.shared.server("sso")
        let env = try environment(
            [
                "AWS_ENDPOINT_URL_SSO": stub.baseURL.absoluteString,
                "AWS_ENDPOINT_URL_SSO_OIDC": stub.baseURL.absoluteString,
            ],
            config: config, in: directory)
        if let cache {
            // The file name is the SHA-1 of the session name (or legacy start URL), computed here independently.
            let digest = try shaOneHex(cacheKey)
            try directory.write(".aws/sso/cache/\(digest).json", cache)
        }
        let shared = try env.loadSharedConfig()
        let configuration = try ClientConfiguration.resolve(
            overrides: .init(profile: profile), environment: env, sharedConfig: shared)
        let chain = CredentialChain.standard(
            configuration: configuration, environment: env, sharedConfig: shared, sts: sts ?? RecordingSTS().client)
        return (try await chain.resolve(logger: logger), env)
    }

    /// `sha1sum` of `text`, as an oracle independent of plinv's own hashing.
    static func shaOneHex(_ text: String) throws -> String {
        let result = try runProcessBlocking(
            executable: "python3",
            arguments: ["-c", "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())", text])
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aValidCachedTokenGivesThePortalsRoleCredentials() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let (provider, _) = try await Self.resolve(
            "dev", cacheKey: "my-sso",
            cache: Self.token("sso-access-token-valid-do-not-log", expiresIn: 3600, refreshable: false), in: directory)
        let credentials = try await provider.credentials(logger: Self.logger)
        #expect(credentials.accessKeyId == "ASIASSOVALID")
        #expect(credentials.sessionToken == "sso-session-token-do-not-log")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 4_102_444_800))
        #expect(provider.sourceDescription.contains("SSO role ReadOnly in account 111122223333"))
        Secrets.expectAbsent(in: "\(provider.sourceDescription) \(credentials)")
    }

    @Test func anExpiredRefreshableTokenIsRefreshedThroughOIDCAndWrittenBack() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let (provider, env) = try await Self.resolve(
            "dev", cacheKey: "my-sso",
            cache: Self.token("sso-access-token-expired-do-not-log", expiresIn: -60, refreshable: true), in: directory)
        let credentials = try await provider.credentials(logger: Self.logger)
        #expect(credentials.accessKeyId == "ASIASSOREFRESHED")
        let file = SSOTokenCache(environment: env).path(forKey: "my-sso")
        let saved = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        #expect(saved["accessToken"] as? String == "sso-access-token-refreshed-do-not-log")
        #expect(saved["refreshToken"] as? String == "sso-refresh-token-2")
        #expect(saved["startUrl"] as? String == "https://example.awsapps.com/start")
        let expiresAt = try #require(SSOTokenCache.date(saved["expiresAt"] as? String ?? ""))
        #expect(expiresAt > Date().addingTimeInterval(7 * 3600))
    }

    @Test func anExpiredTokenWithoutRefreshAsksForAwsSsoLogin() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        await #expect {
            _ = try await Self.resolve(
                "dev", cacheKey: "my-sso",
                cache: Self.token("sso-access-token-expired-do-not-log", expiresIn: -60, refreshable: false),
                in: directory)
        } throws: { error in
            let text = "\(error)"
            Secrets.expectAbsent(in: text)
            return text.contains("aws sso login --profile dev") && text.contains("expired")
        }
    }

    @Test func noCachedTokenAsksForAwsSsoLogin() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        await #expect {
            _ = try await Self.resolve("dev", cacheKey: "my-sso", cache: nil, in: directory)
        } throws: { "\($0)".contains("aws sso login --profile dev") }
    }

    @Test func aTokenThePortalRefusesAsksForAwsSsoLogin() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        await #expect {
            _ = try await Self.resolve(
                "dev", cacheKey: "my-sso",
                cache: Self.token("revoked-token", expiresIn: 3600, refreshable: false), in: directory)
        } throws: { "\($0)".contains("aws sso login --profile dev") && "\($0)".contains("UnauthorizedException") }
    }

    @Test func aRoleTheUserLacksIsNotALoginProblem() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        await #expect {
            _ = try await Self.resolve(
                "other-role", cacheKey: "my-sso",
                cache: Self.token("sso-access-token-valid-do-not-log", expiresIn: 3600, refreshable: false),
                in: directory)
        } throws: { "\($0)".contains("ForbiddenException") || "\($0)".contains("403") }
    }

    @Test func aLegacyProfileReadsTheCacheKeyedByItsStartURL() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let (provider, _) = try await Self.resolve(
            "legacy", cacheKey: "https://legacy.awsapps.com/start",
            cache: Self.token("sso-access-token-valid-do-not-log", expiresIn: 3600, refreshable: true), in: directory)
        #expect(try await provider.credentials(logger: Self.logger).accessKeyId == "ASIASSOVALID")
    }

    @Test func aRoleProfileWhoseSourceIsAnSSOProfileAssumesTheRoleWithTheSSOCredentials() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let sts = RecordingSTS()
        let (provider, _) = try await Self.resolve(
            "ops", cacheKey: "my-sso",
            cache: Self.token("sso-access-token-valid-do-not-log", expiresIn: 3600, refreshable: false), in: directory,
            sts: sts.client)
        #expect(try await provider.credentials(logger: Self.logger).accessKeyId == "ASIA-ops")
        #expect(sts.calls.map(\.action) == ["AssumeRole"])
        #expect(sts.calls.first?.signedWith == "ASIASSOVALID")
    }

    @Test func aMissingSSOSessionSectionIsNamed() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        await #expect {
            _ = try await Self.resolve("broken", cacheKey: "missing", cache: nil, in: directory)
        } throws: { "\($0)".contains("[sso-session missing]") }
    }

    @Test func theCacheFileNameIsTheSHA1OfTheKey() throws {
        #expect(SSOTokenCache.sha1Hex("my-sso") == (try Self.shaOneHex("my-sso")))
        #expect(SSOTokenCache.sha1Hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }
}
