import Foundation

/// The shared config file and the shared credentials file merged into profiles, as botocore's `full_config`.
///
/// Config sections: `[default]`, `[profile NAME]`, `[services NAME]`, `[sso-session NAME]`. Credentials sections:
/// `[NAME]`. A profile set in both files keeps the union of its keys, the credentials file winning on a key that
/// both set. `[default]` is a profile like any other: its settings are not inherited by other profiles.
public struct SharedConfig: Sendable, Hashable {
    /// One profile's settings.
    public struct Profile: Sendable, Hashable {
        /// The profile's `key = value` settings, keys lowercased.
        public var values: [String: String]
        /// The settings read from the config file alone.
        public var configFileValues: [String: String]
        /// The settings read from the credentials file alone.
        public var credentialsFileValues: [String: String]

        /// The value of `key`, nil when absent or empty.
        public subscript(_ key: String) -> String? {
            guard let value = values[key], !value.isEmpty else { return nil }
            return value
        }
    }

    /// Profiles by name.
    public var profiles: [String: Profile]
    /// `[services NAME]` sections: service key (e.g. `ec2`, `sts`) → its settings (`endpoint_url`).
    public var services: [String: [String: [String: String]]]
    /// `[sso-session NAME]` sections.
    public var ssoSessions: [String: [String: String]]
    /// The path of the config file (whether or not it exists), for messages.
    public var configPath: String?
    /// The path of the credentials file (whether or not it exists), for messages.
    public var credentialsPath: String?

    /// An empty configuration: no files.
    public init() {
        profiles = [:]
        services = [:]
        ssoSessions = [:]
    }

    /// Merges a parsed config file and a parsed credentials file (either may be missing).
    public init(config: SharedConfigFile?, credentials: SharedConfigFile?) {
        self.init()
        configPath = config?.path
        credentialsPath = credentials?.path
        for section in config?.sections ?? [] {
            if section.name == "default" {
                addProfile("default", section.values, fromCredentialsFile: false)
            } else if let name = Self.suffix(of: section.name, after: "profile") {
                addProfile(name, section.values, fromCredentialsFile: false)
            } else if let name = Self.suffix(of: section.name, after: "services") {
                services[name] = section.subsections
            } else if let name = Self.suffix(of: section.name, after: "sso-session") {
                ssoSessions[name] = section.values
            }
        }
        for section in credentials?.sections ?? [] {
            addProfile(section.name, section.values, fromCredentialsFile: true)
        }
    }

    /// Adds `values` to profile `name`; values added later win.
    private mutating func addProfile(_ name: String, _ values: [String: String], fromCredentialsFile: Bool) {
        var profile = profiles[name] ?? Profile(values: [:], configFileValues: [:], credentialsFileValues: [:])
        profile.values.merge(values) { _, new in new }
        if fromCredentialsFile {
            profile.credentialsFileValues.merge(values) { _, new in new }
        } else {
            profile.configFileValues.merge(values) { _, new in new }
        }
        profiles[name] = profile
    }

    /// `NAME` from a header `prefix NAME`, split as a shell would (`[profile "my profile"]`), as botocore's
    /// `build_profile_map`: the header starts with `prefix` and splits into exactly two words; nil otherwise.
    private static func suffix(of header: String, after prefix: String) -> String? {
        guard header.hasPrefix(prefix), let words = try? ShellWords.split(header), words.count == 2,
            !words[1].isEmpty
        else { return nil }
        return words[1]
    }
}
