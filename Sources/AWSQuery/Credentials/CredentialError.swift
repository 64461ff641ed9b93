import Foundation

/// Why configuration or credentials could not be resolved. No case ever carries a secret: not a secret key,
/// session token, web identity token, SSO access or refresh token, authorization token, nor the output of a
/// credential process (its standard error, which tools write their messages to, may be quoted).
///
/// To fold into the module's single error type as `QueryError.credentials(CredentialError)`.
public enum CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A shared config or credentials file is not valid INI.
    case configParse(file: String, line: Int, reason: String)
    /// A file exists but could not be read.
    case fileUnreadable(path: String)
    /// The selected profile is in neither file.
    case profileNotFound(String)
    /// A profile's settings cannot work (e.g. both `source_profile` and `credential_source`).
    case invalidProfile(profile: String, reason: String)
    /// A setting (env var, profile key or flag) has a value of the wrong shape.
    case invalidSetting(name: String, value: String, expected: String)
    /// A source has some but not all of the keys it needs (e.g. an access key id without a secret key).
    case partialCredentials(source: String, missing: String)
    /// `source_profile` references form a loop.
    case sourceProfileCycle([String])
    /// The profile needs an MFA token code, which a non-interactive tool cannot prompt for.
    case mfaNotSupported(profile: String, serial: String)
    /// `credential_process` could not be started or exited non-zero.
    case processFailed(program: String, reason: String)
    /// `credential_process` printed something that is not version-1 credentials JSON.
    case processOutputInvalid(program: String, reason: String)
    /// An HTTP credential source (container, instance metadata) failed.
    case metadataRequestFailed(source: String, url: String, reason: String)
    /// An HTTP credential source answered with a body that is not credentials.
    case metadataResponseInvalid(source: String, reason: String)
    /// STS refused or failed a call.
    case stsFailed(action: String, reason: String)
    /// No provider in the chain had credentials; `tried` lists them in order.
    case noCredentials(tried: [String])
    /// No flag, variable or profile names a region.
    case noRegion
    /// An SSO profile's cached token is missing, expired and not refreshable, or refused: `aws sso login` is needed.
    case ssoLoginRequired(profile: String, reason: String)

    public var description: String {
        switch self {
        case .configParse(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .fileUnreadable(let path):
            return "cannot read \(path)"
        case .profileNotFound(let name):
            return "the profile '\(name)' is not in the shared config or credentials file"
        case .invalidProfile(let profile, let reason):
            return "profile '\(profile)': \(reason)"
        case .invalidSetting(let name, let value, let expected):
            return "\(name) is '\(value)'; expected \(expected)"
        case .partialCredentials(let source, let missing):
            return "\(source) has partial credentials: \(missing) is missing"
        case .sourceProfileCycle(let chain):
            return "source_profile references form a loop: \(chain.joined(separator: " -> "))"
        case .mfaNotSupported(let profile, let serial):
            return "profile '\(profile)' requires an MFA code (mfa_serial \(serial)), which is not supported "
                + "non-interactively; use credentials that do not need MFA, or export temporary credentials"
        case .processFailed(let program, let reason):
            return "credential_process '\(program)' failed: \(reason)"
        case .processOutputInvalid(let program, let reason):
            return "credential_process '\(program)' printed invalid credentials: \(reason)"
        case .metadataRequestFailed(let source, let url, let reason):
            return "\(source): request to \(url) failed: \(reason)"
        case .metadataResponseInvalid(let source, let reason):
            return "\(source) returned invalid credentials: \(reason)"
        case .stsFailed(let action, let reason):
            return "STS \(action) failed: \(reason)"
        case .noCredentials(let tried):
            return "no AWS credentials found; tried: \(tried.joined(separator: ", "))"
        case .noRegion:
            return "You must specify a region. You can also configure your region by running \"aws configure\"."
        case .ssoLoginRequired(let profile, let reason):
            return
                "profile '\(profile)': \(reason); to refresh this SSO session run: aws sso login --profile \(profile)"
        }
    }
}
