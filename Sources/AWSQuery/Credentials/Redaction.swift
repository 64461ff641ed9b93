import Foundation

// Descriptions of the values that hold secrets (file contents, environment variables, providers' settings)
// show names only, so that interpolating or printing one never reveals a key, token or command line.

extension SharedConfigFile: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "SharedConfigFile(\(path), sections: \(sections.map(\.name)))" }
    public var debugDescription: String { description }
}

extension SharedConfigFile.Section: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "Section([\(name)], keys: \(values.keys.sorted()), subsections: \(subsections.keys.sorted()))"
    }
    public var debugDescription: String { description }
}

extension SharedConfig: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "SharedConfig(profiles: \(profiles.keys.sorted()), services: \(services.keys.sorted()))"
    }
    public var debugDescription: String { description }
}

extension SharedConfig.Profile: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "Profile(keys: \(values.keys.sorted()))" }
    public var debugDescription: String { description }
}

extension AWSEnvironment: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "AWSEnvironment(home: \(homeDirectory), variables: \(variables.keys.filter { $0.hasPrefix("AWS_") }.sorted()))"
    }
    public var debugDescription: String { description }
}

extension EnvironmentCredentialProvider: CustomStringConvertible {
    public var description: String { "EnvironmentCredentialProvider(\(sourceDescription))" }
}

extension ProfileCredentialProvider: CustomStringConvertible {
    public var description: String { "ProfileCredentialProvider(\(sourceDescription))" }
}

extension ProcessCredentialProvider: CustomStringConvertible {
    public var description: String { "ProcessCredentialProvider(\(sourceDescription))" }
}

extension ContainerCredentialProvider: CustomStringConvertible {
    public var description: String { "ContainerCredentialProvider(\(sourceDescription))" }
}

extension WebIdentityCredentialProvider: CustomStringConvertible {
    public var description: String { "WebIdentityCredentialProvider(\(sourceDescription))" }
}

extension AssumeRoleCredentialProvider: CustomStringConvertible {
    public var description: String { "AssumeRoleCredentialProvider(\(sourceDescription))" }
}
