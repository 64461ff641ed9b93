import Foundation

/// Settings given on the command line; each wins over the environment and the shared files.
public struct ConfigurationOverrides: Sendable, Hashable {
    /// `--profile`.
    public var profile: String?
    /// `--region`.
    public var region: String?
    /// `--endpoint-url`, used for every service.
    public var endpointURL: URL?

    /// Overrides from flags; nil means "not given".
    public init(profile: String? = nil, region: String? = nil, endpointURL: URL? = nil) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
    }
}

/// A setting's value and where it came from (e.g. `AWS_REGION`, `profile prod`), for `plinv doctor`.
public struct ConfiguredValue<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The setting's value.
    public var value: Value
    /// The flag, environment variable or file setting the value came from.
    public var source: String
}

/// Profile, region, endpoints and retry settings resolved from flags, environment and shared files, in the
/// AWS SDKs' order of precedence. Pure: everything comes from the arguments.
public struct ClientConfiguration: Sendable {
    /// The profile in use.
    public var profile: String
    /// Whether `--profile` named it; then, as in the AWS CLI, environment-variable credentials are skipped.
    public var isProfileFromFlag: Bool
    /// The region, if any source set one.
    public var region: ConfiguredValue<String>?
    /// `AWS_MAX_ATTEMPTS` or the profile's `max_attempts`.
    public var maxAttempts: ConfiguredValue<Int>?
    /// `AWS_RETRY_MODE` or the profile's `retry_mode`: `legacy`, `standard` or `adaptive`.
    public var retryMode: ConfiguredValue<String>?
    /// Whether `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls` turned configured
    /// endpoints off (a `--endpoint-url` flag still applies).
    public var ignoresConfiguredEndpointURLs: Bool
    /// `AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint` and `AWS_USE_DUALSTACK_ENDPOINT` / `use_dualstack_endpoint`.
    public var endpointVariant: EndpointVariant = .standard
    /// `AWS_CA_BUNDLE` or the profile's `ca_bundle`: a PEM file of certificate authorities to trust instead of the
    /// system's.
    public var caBundle: ConfiguredValue<String>?
    private var flagEndpoint: URL?
    private var environmentEndpoints: [String: URL]
    private var servicesSection: (name: String, endpoints: [String: URL])?
    private var profileEndpoint: URL?

    /// Resolves everything for `overrides` (flags), `environment` and the merged `sharedConfig`.
    /// - Throws: `CredentialError.profileNotFound` when a named profile (other than `default`) does not exist,
    ///   `.invalidSetting` for a malformed URL, number or boolean, `.invalidProfile` for a missing services section.
    public static func resolve(
        overrides: ConfigurationOverrides = .init(), environment: AWSEnvironment, sharedConfig: SharedConfig
    ) throws -> ClientConfiguration {
        let name = environment.profileName(flag: overrides.profile)
        let profile = sharedConfig.profiles[name]
        if profile == nil && name != "default" { throw CredentialError.profileNotFound(name) }
        let values = profile ?? SharedConfig.Profile(values: [:], configFileValues: [:], credentialsFileValues: [:])
        let profileLabel = "profile \(name)"

        var configuration = ClientConfiguration(
            profile: name, isProfileFromFlag: overrides.profile?.isEmpty == false, ignoresConfiguredEndpointURLs: false,
            environmentEndpoints: [:])
        if let region = overrides.region, !region.isEmpty {
            configuration.region = .init(value: region, source: "--region")
        } else if let region = environment["AWS_REGION"] {
            configuration.region = .init(value: region, source: "AWS_REGION")
        } else if let region = environment["AWS_DEFAULT_REGION"] {
            configuration.region = .init(value: region, source: "AWS_DEFAULT_REGION")
        } else if let region = values["region"] {
            configuration.region = .init(value: region, source: profileLabel)
        }

        if let text = environment["AWS_MAX_ATTEMPTS"] {
            configuration.maxAttempts = .init(
                value: try positiveInt("AWS_MAX_ATTEMPTS", text), source: "AWS_MAX_ATTEMPTS")
        } else if let text = values["max_attempts"] {
            configuration.maxAttempts = .init(value: try positiveInt("max_attempts", text), source: profileLabel)
        }
        if let mode = environment["AWS_RETRY_MODE"] {
            configuration.retryMode = .init(value: try retryMode("AWS_RETRY_MODE", mode), source: "AWS_RETRY_MODE")
        } else if let mode = values["retry_mode"] {
            configuration.retryMode = .init(value: try retryMode("retry_mode", mode), source: profileLabel)
        }

        if let text = environment["AWS_USE_FIPS_ENDPOINT"] {
            configuration.endpointVariant.fips = try bool("AWS_USE_FIPS_ENDPOINT", text)
        } else if let text = values["use_fips_endpoint"] {
            configuration.endpointVariant.fips = try bool("use_fips_endpoint", text)
        }
        if let text = environment["AWS_USE_DUALSTACK_ENDPOINT"] {
            configuration.endpointVariant.dualStack = try bool("AWS_USE_DUALSTACK_ENDPOINT", text)
        } else if let text = values["use_dualstack_endpoint"] {
            configuration.endpointVariant.dualStack = try bool("use_dualstack_endpoint", text)
        }
        if let path = environment["AWS_CA_BUNDLE"] {
            configuration.caBundle = .init(value: path, source: "AWS_CA_BUNDLE")
        } else if let path = values["ca_bundle"] {
            configuration.caBundle = .init(value: path, source: profileLabel)
        }

        configuration.flagEndpoint = overrides.endpointURL
        if let text = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] {
            configuration.ignoresConfiguredEndpointURLs = try bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", text)
        } else if let text = values["ignore_configured_endpoint_urls"] {
            configuration.ignoresConfiguredEndpointURLs = try bool("ignore_configured_endpoint_urls", text)
        }
        for (key, value) in environment.variables where key.hasPrefix("AWS_ENDPOINT_URL") && !value.isEmpty {
            configuration.environmentEndpoints[key] = try endpoint(key, value)
        }
        if let sectionName = values["services"] {
            guard let section = sharedConfig.services[sectionName] else {
                throw CredentialError.invalidProfile(
                    profile: name,
                    reason: "services = \(sectionName), but there is no [services \(sectionName)] section")
            }
            var endpoints: [String: URL] = [:]
            for (service, settings) in section {
                if let text = settings["endpoint_url"], !text.isEmpty {
                    endpoints[service] = try endpoint("[services \(sectionName)] \(service).endpoint_url", text)
                }
            }
            configuration.servicesSection = (sectionName, endpoints)
        }
        if let text = values["endpoint_url"] {
            configuration.profileEndpoint = try endpoint("endpoint_url in \(profileLabel)", text)
        }
        return configuration
    }

    /// The endpoint for a service and where it came from, nil for the service's default AWS endpoint.
    ///
    /// `serviceID` is botocore's service id: `EC2`, `STS`, `Elastic Load Balancing v2`. Order: `--endpoint-url`,
    /// then (unless configured endpoints are ignored) `AWS_ENDPOINT_URL_<ID>` (id upper-cased, spaces → `_`),
    /// `AWS_ENDPOINT_URL`, the profile's `[services]` section entry (id lower-cased), the profile's `endpoint_url`.
    public func endpoint(forServiceID serviceID: String) -> ConfiguredValue<URL>? {
        if let url = flagEndpoint { return .init(value: url, source: "--endpoint-url") }
        if ignoresConfiguredEndpointURLs { return nil }
        let key = serviceID.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        let variable = "AWS_ENDPOINT_URL_" + key.uppercased()
        if let url = environmentEndpoints[variable] { return .init(value: url, source: variable) }
        if let url = environmentEndpoints["AWS_ENDPOINT_URL"] { return .init(value: url, source: "AWS_ENDPOINT_URL") }
        if let section = servicesSection, let url = section.endpoints[key.lowercased()] {
            return .init(value: url, source: "[services \(section.name)] \(key.lowercased())")
        }
        if let url = profileEndpoint { return .init(value: url, source: "endpoint_url in profile \(profile)") }
        return nil
    }

    /// The endpoint URL for a service (see `endpoint(forServiceID:)`), nil for the default AWS endpoint.
    public func endpointURL(forServiceID serviceID: String) -> URL? { endpoint(forServiceID: serviceID)?.value }

    /// The URL to send `service`'s requests in `region` to: a configured endpoint (see `endpoint(forServiceID:)`),
    /// else the service's endpoint for the configured FIPS/dual-stack variant from botocore's endpoint table.
    /// - Throws: `QueryError.invalidConfiguration` for a malformed region or a variant the region's partition lacks.
    public func endpointURL(for service: AWSService, region: String) throws -> URL {
        if let configured = endpointURL(forServiceID: service.sdkServiceID) { return configured }
        return try service.resolveEndpoint(region: region, variant: endpointVariant).url
    }

    /// The configured region.
    /// - Throws: `CredentialError.noRegion` (the AWS CLI's message) when no flag, variable or profile sets one:
    ///   plinv never guesses `us-east-1`.
    public func requiredRegion() throws -> String {
        guard let region = region?.value, !region.isEmpty else { throw CredentialError.noRegion }
        return region
    }

    /// A transport that trusts the configured CA bundle (`AWS_CA_BUNDLE`, `ca_bundle`), else the system's store.
    public func transport(timeout: TimeInterval = 30) -> CurlTransport {
        CurlTransport(timeout: timeout, caBundle: caBundle?.value)
    }

    private static func positiveInt(_ name: String, _ text: String) throws -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else {
            throw CredentialError.invalidSetting(name: name, value: text, expected: "a whole number of at least 1")
        }
        return value
    }

    private static func retryMode(_ name: String, _ text: String) throws -> String {
        let mode = text.lowercased()
        guard ["legacy", "standard", "adaptive"].contains(mode) else {
            throw CredentialError.invalidSetting(name: name, value: text, expected: "legacy, standard or adaptive")
        }
        return mode
    }

    /// `true` or `false` (any case), as botocore's `ensure_boolean` for these settings.
    static func bool(_ name: String, _ text: String) throws -> Bool {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw CredentialError.invalidSetting(name: name, value: text, expected: "true or false")
        }
    }

    /// Parses an endpoint URL: scheme http or https, a host, an optional path.
    static func endpoint(_ name: String, _ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw CredentialError.invalidSetting(name: name, value: text, expected: "an http(s) URL with a host")
        }
        return url
    }
}
