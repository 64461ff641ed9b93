import Foundation
import Logging

extension CredentialChain {
    /// The AWS SDKs' default chain for `configuration.profile`: environment variables → assume-role profile →
    /// web identity → shared credentials file → `credential_process` → config-file keys → container → EC2
    /// instance metadata. With `--profile` (`configuration.isProfileFromFlag`) environment credentials are skipped,
    /// as in the AWS CLI.
    /// - Parameters:
    ///   - sts: the STS client that role profiles and web identity call.
    ///   - transport: what SSO profiles reach the IAM Identity Center portal and OIDC over.
    public static func standard(
        configuration: ClientConfiguration, environment: AWSEnvironment, sharedConfig: SharedConfig, sts: STSClient,
        transport: any HTTPTransport = CurlTransport(), now: @escaping @Sendable () -> Date = { Date() }
    ) -> CredentialChain {
        let name = configuration.profile
        let useEnvironment = !configuration.isProfileFromFlag
        let builder = ProfileChainBuilder(
            environment: environment, sharedConfig: sharedConfig, configuration: configuration, sts: sts,
            transport: transport, now: now)
        let links: [Link] = [
            Link("environment variables") {
                let provider = EnvironmentCredentialProvider(environment: environment)
                return useEnvironment && provider.isConfigured ? provider : nil
            },
            Link("assume role profile") { try builder.assumeRole(profile: name, visited: []) },
            Link("web identity") {
                try WebIdentityCredentialProvider.configured(
                    environment: environment, useEnvironment: useEnvironment, profileName: name,
                    profile: sharedConfig.profiles[name], sts: sts)
            },
            Link("SSO profile") { try builder.sso(profile: name) },
            Link("shared credentials file") {
                ProfileCredentialProvider(profile: name, file: .credentials, sharedConfig: sharedConfig)
            },
            Link("credential_process") { builder.process(profile: name) },
            Link("shared config file") {
                ProfileCredentialProvider(profile: name, file: .config, sharedConfig: sharedConfig)
            },
            Link("container credentials endpoint") {
                let provider = ContainerCredentialProvider(environment: environment)
                return provider.isConfigured ? provider : nil
            },
            Link("EC2 instance metadata", skipsWhenUnavailable: true) {
                try InstanceMetadataCredentialProvider(environment: environment, profile: sharedConfig.profiles[name])
            },
        ]
        return CredentialChain(links: links, now: now)
    }
}

/// Builds the profile-based providers, following `source_profile` chains with loop detection.
struct ProfileChainBuilder: Sendable {
    let environment: AWSEnvironment
    let sharedConfig: SharedConfig
    let configuration: ClientConfiguration
    let sts: STSClient
    let transport: any HTTPTransport
    let now: @Sendable () -> Date

    /// The assume-role provider for `profile` when it has `role_arn` (and no `web_identity_token_file`).
    func assumeRole(profile name: String, visited: [String]) throws -> AssumeRoleCredentialProvider? {
        guard let profile = sharedConfig.profiles[name], let roleARN = profile["role_arn"],
            profile["web_identity_token_file"] == nil
        else { return nil }
        if let serial = profile["mfa_serial"] { throw CredentialError.mfaNotSupported(profile: name, serial: serial) }
        var duration: Int?
        if let text = profile["duration_seconds"] {
            guard let seconds = Int(text), seconds > 0 else {
                throw CredentialError.invalidSetting(
                    name: "duration_seconds in profile \(name)", value: text, expected: "a number of seconds")
            }
            duration = seconds
        }
        let base: any CredentialProvider
        switch (profile["source_profile"], profile["credential_source"]) {
        case (.some, .some):
            throw CredentialError.invalidProfile(
                profile: name, reason: "it sets both source_profile and credential_source")
        case (nil, nil):
            throw CredentialError.invalidProfile(
                profile: name, reason: "role_arn needs source_profile or credential_source")
        case (nil, .some(let source)):
            base = try credentialSource(source, profile: name)
        case (.some(let source), nil):
            base = try sourceProfile(source, from: name, visited: visited + [name])
        }
        return AssumeRoleCredentialProvider(
            roleArn: roleARN, base: CachingCredentialProvider(base, now: now),
            sessionName: profile["role_session_name"],
            externalId: profile["external_id"], durationSeconds: duration, profile: name, sts: sts)
    }

    /// The credentials of a `source_profile`: its own static keys win over its `role_arn`, as in botocore.
    private func sourceProfile(_ name: String, from parent: String, visited: [String]) throws -> any CredentialProvider
    {
        guard let profile = sharedConfig.profiles[name] else {
            throw CredentialError.invalidProfile(profile: parent, reason: "source_profile '\(name)' does not exist")
        }
        let hasStaticKeys = profile["aws_access_key_id"] != nil
        if visited.contains(name) && !(name == parent && hasStaticKeys) {
            throw CredentialError.sourceProfileCycle(visited + [name])
        }
        if !hasStaticKeys, let role = try assumeRole(profile: name, visited: visited) { return role }
        let candidates: [(any CredentialProvider)?] = [
            try WebIdentityCredentialProvider.configured(
                environment: environment, useEnvironment: false, profileName: name, profile: profile, sts: sts),
            try sso(profile: name),
            ProfileCredentialProvider(profile: name, file: .credentials, sharedConfig: sharedConfig),
            process(profile: name),
            ProfileCredentialProvider(profile: name, file: .config, sharedConfig: sharedConfig),
        ]
        guard let provider = candidates.compactMap({ $0 }).first else {
            throw CredentialError.invalidProfile(profile: parent, reason: "source_profile '\(name)' has no credentials")
        }
        return provider
    }

    /// The provider named by `credential_source`.
    private func credentialSource(_ source: String, profile: String) throws -> any CredentialProvider {
        switch source.lowercased() {
        case "environment":
            let provider = EnvironmentCredentialProvider(environment: environment)
            guard provider.isConfigured else {
                throw CredentialError.invalidProfile(
                    profile: profile, reason: "credential_source Environment, but AWS_ACCESS_KEY_ID is not set")
            }
            return provider
        case "ec2instancemetadata":
            guard
                let provider = try InstanceMetadataCredentialProvider(
                    environment: environment, profile: sharedConfig.profiles[profile])
            else {
                throw CredentialError.invalidProfile(
                    profile: profile,
                    reason: "credential_source Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true")
            }
            return provider
        case "ecscontainer":
            let provider = ContainerCredentialProvider(environment: environment)
            guard provider.isConfigured else {
                throw CredentialError.invalidProfile(
                    profile: profile,
                    reason: "credential_source EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
                        + "nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
            }
            return provider
        default:
            throw CredentialError.invalidProfile(
                profile: profile,
                reason: "credential_source '\(source)' is not one of Environment, Ec2InstanceMetadata, EcsContainer")
        }
    }

    /// The `credential_process` provider of `profile`, if it sets one.
    func process(profile name: String) -> ProcessCredentialProvider? {
        guard let command = sharedConfig.profiles[name]?["credential_process"] else { return nil }
        return ProcessCredentialProvider(command: command, profile: name)
    }

    /// The SSO provider of `profile` when it sets `sso_session` or `sso_start_url` (and no static keys or
    /// `credential_process`, which botocore's chain tries first).
    /// - Throws: `CredentialError.invalidProfile` for missing or contradicting SSO settings, as botocore's
    ///   `SSOProvider` checks them.
    func sso(profile name: String) throws -> SSOCredentialProvider? {
        guard let profile = sharedConfig.profiles[name],
            profile["sso_session"] != nil || profile["sso_start_url"] != nil,
            profile["aws_access_key_id"] == nil, profile["credential_process"] == nil
        else { return nil }
        var startURL = profile["sso_start_url"]
        var region = profile["sso_region"]
        let sessionName = profile["sso_session"]
        if let sessionName {
            guard let session = sharedConfig.ssoSessions[sessionName] else {
                throw CredentialError.invalidProfile(
                    profile: name,
                    reason: "sso_session = \(sessionName), but there is no [sso-session \(sessionName)] section")
            }
            for key in ["sso_start_url", "sso_region"] {
                if let own = profile[key], let shared = session[key], !shared.isEmpty, own != shared {
                    throw CredentialError.invalidProfile(
                        profile: name, reason: "\(key) differs from the one in [sso-session \(sessionName)]")
                }
            }
            startURL = session["sso_start_url"].flatMap { $0.isEmpty ? nil : $0 } ?? startURL
            region = session["sso_region"].flatMap { $0.isEmpty ? nil : $0 } ?? region
        }
        let required = [
            ("sso_start_url", startURL), ("sso_region", region), ("sso_account_id", profile["sso_account_id"]),
            ("sso_role_name", profile["sso_role_name"]),
        ]
        let missing = required.filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let startURL, let region, let account = profile["sso_account_id"],
            let role = profile["sso_role_name"]
        else {
            throw CredentialError.invalidProfile(
                profile: name, reason: "an SSO profile needs \(missing.joined(separator: ", "))")
        }
        let variant = configuration.endpointVariant
        let portal =
            try configuration.endpointURL(forServiceID: "SSO")
            ?? EndpointTable.botocore.resolve(service: "portal.sso", region: region, variant: variant).url
        let oidc =
            try configuration.endpointURL(forServiceID: "SSO OIDC")
            ?? EndpointTable.botocore.resolve(service: "oidc", region: region, variant: variant).url
        return SSOCredentialProvider(
            profile: name, sessionName: sessionName, startURL: startURL, accountId: account, roleName: role,
            portalEndpoint: portal, oidcEndpoint: oidc, cache: SSOTokenCache(environment: environment),
            transport: transport,
            retry: .configured(mode: configuration.retryMode?.value, maxAttempts: configuration.maxAttempts?.value),
            now: now)
    }
}
