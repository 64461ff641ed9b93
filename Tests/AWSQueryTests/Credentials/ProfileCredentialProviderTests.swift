import Foundation
import Testing

@testable import AWSQuery

@Suite struct ProfileCredentialProviderTests {
    static let config = """
        [default]
        region = us-east-1
        aws_access_key_id = AKIACONFIGDEFAULT001
        aws_secret_access_key = config-secret-do-not-log
        [profile both]
        aws_access_key_id = AKIACONFIGBOTH000001
        aws_secret_access_key = config-secret-do-not-log
        [profile config-only]
        aws_access_key_id = AKIACONFIGONLY000001
        aws_secret_access_key = config-secret-do-not-log
        aws_session_token = config-token
        """
    static let credentials = """
        [both]
        aws_access_key_id = AKIAFILEBOTH00000001
        aws_secret_access_key = file-secret-do-not-log
        [half]
        aws_access_key_id = AKIAFILEHALF00000001
        [no-keys]
        region = eu-west-1
        """

    func shared() throws -> SharedConfig {
        SharedConfig(
            config: try SharedConfigFile(parsing: Self.config, path: "config"),
            credentials: try SharedConfigFile(parsing: Self.credentials, path: "credentials"))
    }

    @Test func eachFileIsReadOnItsOwn() async throws {
        let shared = try shared()
        let fromFile = try #require(
            ProfileCredentialProvider(profile: "both", file: .credentials, sharedConfig: shared))
        #expect(try await fromFile.credentials(logger: .init(label: "t")).accessKeyId == "AKIAFILEBOTH00000001")
        #expect(fromFile.sourceDescription == "shared credentials file, profile both")
        let fromConfig = try #require(
            ProfileCredentialProvider(profile: "config-only", file: .config, sharedConfig: shared))
        let credentials = try await fromConfig.credentials(logger: .init(label: "t"))
        #expect(credentials.accessKeyId == "AKIACONFIGONLY000001")
        #expect(credentials.sessionToken == "config-token")
        #expect(fromConfig.sourceDescription == "shared config file, profile config-only")
        #expect(ProfileCredentialProvider(profile: "config-only", file: .credentials, sharedConfig: shared) == nil)
        #expect(ProfileCredentialProvider(profile: "no-keys", file: .credentials, sharedConfig: shared) == nil)
        #expect(ProfileCredentialProvider(profile: "ghost", file: .config, sharedConfig: shared) == nil)
    }

    @Test func credentialsFileWinsInTheChainAndDefaultIsNotInherited() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let env = try environment(config: Self.config, credentials: Self.credentials, in: directory)
        func resolved(_ profile: String) async throws -> CachingCredentialProvider {
            let shared = try env.loadSharedConfig()
            let configuration = try ClientConfiguration.resolve(
                overrides: .init(profile: profile), environment: env, sharedConfig: shared)
            var chain = CredentialChain.standard(
                configuration: configuration, environment: env, sharedConfig: shared, sts: .unreachable)
            chain.links.removeLast()  // no instance metadata probing in unit tests
            return try await chain.resolve(logger: .init(label: "t"))
        }
        let both = try await resolved("both")
        #expect(both.sourceDescription == "shared credentials file, profile both")
        #expect(try await both.credentials(logger: .init(label: "t")).accessKeyId == "AKIAFILEBOTH00000001")
        #expect(try await resolved("config-only").sourceDescription == "shared config file, profile config-only")
        // no-keys has no credentials of its own; default's keys must not leak into it.
        let error = await #expect(throws: CredentialError.self) { try await resolved("no-keys") }
        guard case .noCredentials(let tried) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(tried.contains("shared config file"))
    }

    @Test func partialKeysAreAnError() async throws {
        let half = try #require(
            ProfileCredentialProvider(profile: "half", file: .credentials, sharedConfig: try shared()))
        await #expect(
            throws: CredentialError.partialCredentials(
                source: "shared credentials file, profile half", missing: "aws_secret_access_key")
        ) {
            try await half.credentials(logger: .init(label: "t"))
        }
    }
}

extension STSClient {
    /// An STS client that fails every call (for chains that must not reach STS).
    static let unreachable = STSClient(region: "us-east-1") { action, _, _, _ in
        throw CredentialError.stsFailed(action: action, reason: "unreachable in this test")
    }
}
