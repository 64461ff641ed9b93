import Foundation
import Logging

extension CredentialChain {
    /// The AWS SDKs' default chain for `configuration.profile`: environment variables → assume-role profile →
    /// web identity → shared credentials file → `credential_process` → config-file keys → container → EC2
    /// instance metadata. With `--profile` (`configuration.isProfileFromFlag`) environment credentials are skipped,
    /// as in the AWS CLI.
    /// - Parameter sts: the STS client that role profiles and web identity call.
    public static func standard(
        configuration: ClientConfiguration, environment: AWSEnvironment, sharedConfig: SharedConfig, sts: STSClient,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> CredentialChain {
        let name = configuration.profile
        let useEnvironment = !configuration.isProfileFromFlag
        let builder = ProfileChainBuilder(environment: environment, sharedConfig: sharedConfig, sts: sts, now: now)
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
            Link("SSO profile") { try builder.rejectSSO(profile: name) },
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
    let sts: STSClient
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

    /// Fails clearly for an SSO-only profile, which plinv cannot log in to.
    func rejectSSO(profile name: String) throws -> (any CredentialProvider)? {
        guard let profile = sharedConfig.profiles[name],
            profile["sso_session"] != nil || profile["sso_start_url"] != nil,
            profile["aws_access_key_id"] == nil, profile["credential_process"] == nil
        else { return nil }
        throw CredentialError.invalidProfile(
            profile: name,
            reason: "AWS IAM Identity Center (SSO) profiles are not supported; use credential_process with "
                + "'aws configure export-credentials --profile \(name) --format process'")
    }
}
