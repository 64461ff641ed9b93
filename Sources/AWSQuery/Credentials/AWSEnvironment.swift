import Foundation

/// The process environment and file locations that AWS configuration is read from.
///
/// A value, so tests pass a dictionary and a temporary home directory instead of touching the real process.
public struct AWSEnvironment: Sendable, Hashable {
    /// Environment variables (`AWS_PROFILE`, `AWS_REGION`, …).
    public var variables: [String: String]
    /// The home directory that `~` expands to.
    public var homeDirectory: String

    /// An environment from explicit values.
    public init(variables: [String: String], homeDirectory: String) {
        self.variables = variables
        self.homeDirectory = homeDirectory
    }

    /// The current process's environment and home directory.
    public static func current() -> AWSEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return AWSEnvironment(
            variables: variables,
            homeDirectory: variables["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path)
    }

    /// The value of variable `name`, nil when unset or empty.
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    public var configFilePath: String { expand(self["AWS_CONFIG_FILE"] ?? "~/.aws/config") }

    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public var credentialsFilePath: String { expand(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials") }

    /// The profile to use: the flag, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
    public func profileName(flag: String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        return self["AWS_PROFILE"] ?? self["AWS_DEFAULT_PROFILE"] ?? "default"
    }

    /// Reads and merges both shared files; a missing file counts as empty.
    /// - Throws: `CredentialError.configParse` naming the file and line of a malformed line.
    public func loadSharedConfig() throws -> SharedConfig {
        var config = SharedConfig(
            config: try SharedConfigFile.load(path: configFilePath),
            credentials: try SharedConfigFile.load(path: credentialsFilePath))
        config.configPath = configFilePath
        config.credentialsPath = credentialsFilePath
        return config
    }

    /// Expands a leading `~` to the home directory.
    public func expand(_ path: String) -> String {
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return homeDirectory + path.dropFirst() }
        return path
    }
}
