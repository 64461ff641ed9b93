import Foundation
import Testing

@testable import AWSQuery

@Suite struct SharedConfigFileTests {
    @Test func readsSectionsValuesCommentsAndNestedServices() throws {
        let file = try SharedConfigFile(
            parsing: """
                # a comment
                [default]
                region = eu-west-1
                ; another comment
                [profile prod]
                Role_ARN: arn:aws:iam::111111111111:role/ops
                  source_profile = base
                services = local

                [services local]
                ec2 =
                  endpoint_url = http://127.0.0.1:5000
                elastic_load_balancing_v2 =
                  endpoint_url = http://127.0.0.1:5001
                """, path: "config")
        #expect(file.sections.map(\.name) == ["default", "profile prod", "services local"])
        #expect(file.section(named: "default")?.values == ["region": "eu-west-1"])
        let prod = try #require(file.section(named: "profile prod"))
        #expect(prod.values["role_arn"] == "arn:aws:iam::111111111111:role/ops\nsource_profile = base")
        #expect(prod.values["services"] == "local")
        let services = try #require(file.section(named: "services local"))
        #expect(services.subsections["ec2"] == ["endpoint_url": "http://127.0.0.1:5000"])
        #expect(services.subsections["elastic_load_balancing_v2"] == ["endpoint_url": "http://127.0.0.1:5001"])
    }

    @Test(arguments: [
        ("region = x\n[default]", 1, "before any [section]"),
        ("[default]\nregion eu-west-1", 2, "expected 'name = value'"),
        ("[default]\nregion = a\n\n[default]", 4, "appears twice"),
        ("[default]\nregion = a\nregion = b", 3, "set twice"),
        ("[default\nregion = a", 1, "[name]"),
        ("[services x]\nec2 =\n  endpoint_url\n", 3, "inside 'ec2'"),
    ])
    func reportsFileAndLineOfMalformedInput(text: String, line: Int, reason: String) throws {
        let error = try #require(throws: CredentialError.self) { try SharedConfigFile(parsing: text, path: "/tmp/cfg") }
        guard case .configParse(let file, let errorLine, let message) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(file == "/tmp/cfg")
        #expect(errorLine == line)
        #expect(message.contains(reason))
        #expect(error.description.hasPrefix("/tmp/cfg:\(line): "))
    }

    @Test func parseErrorNeverQuotesTheLine() throws {
        let error = try #require(throws: CredentialError.self) {
            try SharedConfigFile(parsing: "[default]\naws_secret_access_key file-secret-do-not-log", path: "creds")
        }
        Secrets.expectAbsent(in: error.description)
    }

    @Test func mergesConfigAndCredentialsWithCredentialsWinning() throws {
        let config = try SharedConfigFile(
            parsing: """
                [default]
                region = us-east-1
                [profile prod]
                region = eu-west-1
                aws_access_key_id = AKIACONFIG
                [prod]
                region = ignored-because-not-a-profile-section
                [sso-session corp]
                sso_region = us-east-1
                """, path: "config")
        let credentials = try SharedConfigFile(
            parsing: """
                [prod]
                aws_access_key_id = AKIAFILE
                aws_secret_access_key = file-secret-do-not-log
                [only-creds]
                aws_access_key_id = AKIAONLY
                """, path: "credentials")
        let merged = SharedConfig(config: config, credentials: credentials)
        #expect(Set(merged.profiles.keys) == ["default", "prod", "only-creds"])
        let prod = try #require(merged.profiles["prod"])
        #expect(prod["aws_access_key_id"] == "AKIAFILE")
        #expect(prod["region"] == "eu-west-1")
        #expect(prod.configFileValues["aws_access_key_id"] == "AKIACONFIG")
        #expect(merged.ssoSessions["corp"] == ["sso_region": "us-east-1"])
        // [default] is not inherited.
        #expect(merged.profiles["only-creds"]?["region"] == nil)
    }

    @Test func missingFilesAreEmptyAndHomeIsExpanded() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let env = AWSEnvironment(variables: [:], homeDirectory: directory.path)
        #expect(env.configFilePath == directory.path + "/.aws/config")
        #expect(env.credentialsFilePath == directory.path + "/.aws/credentials")
        #expect(try env.loadSharedConfig().profiles.isEmpty)
        let custom = AWSEnvironment(
            variables: ["AWS_CONFIG_FILE": "~/elsewhere/cfg", "AWS_SHARED_CREDENTIALS_FILE": "/abs/creds"],
            homeDirectory: directory.path)
        #expect(custom.configFilePath == directory.path + "/elsewhere/cfg")
        #expect(custom.credentialsFilePath == "/abs/creds")
    }

    @Test func devNullIsAnEmptyFileNotAnError() throws {
        let file = try #require(try SharedConfigFile.load(path: "/dev/null"))
        #expect(file.sections.isEmpty)
    }
}
