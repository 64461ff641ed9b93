import Foundation
import Testing

@testable import AWSQuery

@Suite struct ClientConfigurationTests {
    static let config = """
        [default]
        region = us-east-1
        [profile prod]
        region = eu-west-1
        endpoint_url = http://profile.example:1
        services = local
        max_attempts = 7
        retry_mode = adaptive
        [profile plain]
        endpoint_url = http://plain.example:1
        [profile broken]
        services = nowhere
        [services local]
        ec2 =
          endpoint_url = http://services-ec2.example:1
        elastic_load_balancing_v2 =
          endpoint_url = http://services-elb.example:1
        """

    func resolve(
        _ variables: [String: String], flags: ConfigurationOverrides = .init()
    ) throws -> ClientConfiguration {
        let shared = SharedConfig(config: try SharedConfigFile(parsing: Self.config, path: "config"), credentials: nil)
        return try ClientConfiguration.resolve(
            overrides: flags, environment: AWSEnvironment(variables: variables, homeDirectory: "/nonexistent"),
            sharedConfig: shared)
    }

    @Test(
        arguments: [
            (["AWS_PROFILE": "plain", "AWS_DEFAULT_PROFILE": "prod"], nil, "plain", false),
            (["AWS_DEFAULT_PROFILE": "prod"], nil, "prod", false),
            ([:], nil, "default", false),
            (["AWS_PROFILE": "plain"], "prod", "prod", true),
        ] as [([String: String], String?, String, Bool)])
    func profilePrecedence(variables: [String: String], flag: String?, expected: String, fromFlag: Bool) throws {
        let configuration = try resolve(variables, flags: .init(profile: flag))
        #expect(configuration.profile == expected)
        #expect(configuration.isProfileFromFlag == fromFlag)
    }

    @Test(
        arguments: [
            (
                ["AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "sa-east-1", "AWS_PROFILE": "prod"], "ca-central-1",
                "ca-central-1", "--region"
            ),
            (
                ["AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "sa-east-1", "AWS_PROFILE": "prod"], nil,
                "ap-south-1", "AWS_REGION"
            ),
            (["AWS_DEFAULT_REGION": "sa-east-1", "AWS_PROFILE": "prod"], nil, "sa-east-1", "AWS_DEFAULT_REGION"),
            (["AWS_PROFILE": "prod"], nil, "eu-west-1", "profile prod"),
            ([:], nil, "us-east-1", "profile default"),
        ] as [([String: String], String?, String, String)])
    func regionPrecedence(variables: [String: String], flag: String?, region: String, source: String) throws {
        let configuration = try resolve(variables, flags: .init(region: flag))
        #expect(configuration.region == ConfiguredValue(value: region, source: source))
    }

    @Test func noRegionAnywhereIsNil() throws {
        #expect(try resolve(["AWS_PROFILE": "plain"]).region == nil)
    }

    static let allEndpointSources: [String: String] = [
        "AWS_PROFILE": "prod", "AWS_ENDPOINT_URL_EC2": "http://env-ec2.example:1",
        "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2": "http://env-elb.example:1",
        "AWS_ENDPOINT_URL": "http://env-global.example:1",
    ]

    @Test(
        arguments: [
            ([String: String](), "EC2", "http://flag.example:9", "--endpoint-url"),
            (["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"], "EC2", "http://flag.example:9", "--endpoint-url"),
        ] as [([String: String], String, String, String)])
    func flagWinsOverEverything(extra: [String: String], service: String, url: String, source: String) throws {
        let configuration = try resolve(
            Self.allEndpointSources.merging(extra) { $1 }, flags: .init(endpointURL: URL(string: url)))
        #expect(
            configuration.endpoint(forServiceID: service) == ConfiguredValue(value: URL(string: url)!, source: source))
    }

    @Test(arguments: [
        // service, variables removed from allEndpointSources, expected url, expected source
        ("EC2", [String](), "http://env-ec2.example:1", "AWS_ENDPOINT_URL_EC2"),
        ("Elastic Load Balancing v2", [], "http://env-elb.example:1", "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"),
        ("STS", [], "http://env-global.example:1", "AWS_ENDPOINT_URL"),
        ("EC2", ["AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL"], "http://services-ec2.example:1", "[services local] ec2"),
        (
            "Elastic Load Balancing v2", ["AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "AWS_ENDPOINT_URL"],
            "http://services-elb.example:1", "[services local] elastic_load_balancing_v2"
        ),
        ("STS", ["AWS_ENDPOINT_URL"], "http://profile.example:1", "endpoint_url in profile prod"),
    ])
    func endpointPrecedence(service: String, removed: [String], url: String, source: String) throws {
        var variables = Self.allEndpointSources
        for name in removed { variables[name] = nil }
        let configuration = try resolve(variables)
        #expect(
            configuration.endpoint(forServiceID: service) == ConfiguredValue(value: URL(string: url)!, source: source))
    }

    @Test func awsServiceMapsToItsEndpointSetting() throws {
        let configuration = try resolve(Self.allEndpointSources)
        #expect(configuration.endpointURL(for: .elbv2) == URL(string: "http://env-elb.example:1"))
        #expect(configuration.endpointURL(for: .ec2) == URL(string: "http://env-ec2.example:1"))
        #expect(configuration.endpointURL(for: .sts) == URL(string: "http://env-global.example:1"))
        #expect(configuration.endpointURL(for: .cloudFormation) == URL(string: "http://env-global.example:1"))
        let own = try resolve(
            Self.allEndpointSources.merging(["AWS_ENDPOINT_URL_CLOUDFORMATION": "http://env-cfn.example:1"]) { $1 })
        #expect(
            own.endpoint(for: .cloudFormation)
                == ConfiguredValue(
                    value: URL(string: "http://env-cfn.example:1")!, source: "AWS_ENDPOINT_URL_CLOUDFORMATION"))
    }

    @Test func ignoringConfiguredEndpointsLeavesTheDefault() throws {
        var variables = Self.allEndpointSources
        variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "TRUE"
        let configuration = try resolve(variables)
        #expect(configuration.ignoresConfiguredEndpointURLs)
        #expect(configuration.endpoint(forServiceID: "EC2") == nil)
        #expect(try resolve(["AWS_PROFILE": "default"]).endpoint(forServiceID: "EC2") == nil)
    }

    @Test func retrySettings() throws {
        let fromProfile = try resolve(["AWS_PROFILE": "prod"])
        #expect(fromProfile.maxAttempts == ConfiguredValue(value: 7, source: "profile prod"))
        #expect(fromProfile.retryMode == ConfiguredValue(value: "adaptive", source: "profile prod"))
        let fromEnv = try resolve(["AWS_PROFILE": "prod", "AWS_MAX_ATTEMPTS": "2", "AWS_RETRY_MODE": "Standard"])
        #expect(fromEnv.maxAttempts == ConfiguredValue(value: 2, source: "AWS_MAX_ATTEMPTS"))
        #expect(fromEnv.retryMode == ConfiguredValue(value: "standard", source: "AWS_RETRY_MODE"))
    }

    @Test(arguments: [
        ["AWS_MAX_ATTEMPTS": "zero"], ["AWS_MAX_ATTEMPTS": "0"], ["AWS_RETRY_MODE": "fast"],
        ["AWS_ENDPOINT_URL_EC2": "localhost:5000"], ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "yes"],
    ])
    func malformedSettingsAreNamed(variables: [String: String]) throws {
        let error = try #require(throws: CredentialError.self) { try resolve(variables) }
        guard case .invalidSetting(let name, _, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(name == variables.keys.first)
    }

    @Test func missingNamedProfileAndServicesSectionAreErrors() throws {
        #expect(throws: CredentialError.profileNotFound("ghost")) { try resolve(["AWS_PROFILE": "ghost"]) }
        let error = try #require(throws: CredentialError.self) { try resolve(["AWS_PROFILE": "broken"]) }
        #expect(error.description.contains("[services nowhere]"))
    }
}
