import Foundation
import TestSupport
import Testing

@testable import plinv

@Suite struct RunConfigTests {
    @Test func fullConfigurationReadsEveryKey() throws {
        let text = """
            database: data/plinv.sqlite
            accounts:
              profiles: [provider]
              roleArns:
                - arn:aws:iam::222222222222:role/plinv-read
              externalId: xyz
            regions: [eu-west-1, us-east-1]
            concurrency: 4
            trustedAccounts: ["222222222222"]
            templates:
              - file: templates/provider.yaml
                account: "111111111111"
                region: eu-west-1
                stackName: endpoint-service
                parameters: { Application: shop, Subnets: [subnet-a, subnet-b] }
            reports:
              directory: out
              formats: [md, json]
            retention:
              keepDays: 30
            failOn: medium
            """
        let config = try RunConfig.parse(text, file: "plinv.yaml")
        #expect(config.database == "data/plinv.sqlite")
        #expect(config.profiles == ["provider"])
        #expect(config.roleArns == ["arn:aws:iam::222222222222:role/plinv-read"])
        #expect(config.regions == ["eu-west-1", "us-east-1"])
        #expect(config.concurrency == 4)
        #expect(config.trustedAccounts == ["222222222222"])
        #expect(config.templates.first?.parameters["Subnets"] == "subnet-a,subnet-b")
        #expect(config.templates.first?.account == "111111111111")
        #expect(config.formats == ["md", "json"])
        #expect(config.keepDays == 30)
        #expect(config.failOn == "medium")
    }

    @Test(arguments: [
        ("regions: [eu-west-1]\nbogus: 1\n", 2, "bogus"),
        ("regions: [eu-west-1]\nreports:\n  formats: [pdf]\n", 3, "reports.formats"),
        ("regions: [eu-west-1]\nconcurrency: 0\n", 2, "concurrency"),
        ("regions: [eu-west-1]\ntemplates:\n  - account: '1'\n", 3, "templates[].file"),
        ("regions: [eu-west-1]\nfailOn: severe\n", 2, "failOn"),
        ("regions: [eu-west-1]\naccounts:\n  profile: x\n", 3, "accounts.profile"),
        // A list written as one value: one "account" no principal matches would make every consumer untrusted.
        ("regions: [eu-west-1]\ntrustedAccounts: 222222222222, 333333333333\n", 2, "trustedAccounts"),
        ("regions: eu-west-1, us-east-1\n", 1, "regions"),
        ("regions: [eu-west-1, 'us east 1']\n", 1, "regions"),
    ])
    func errorsNameTheKeyAndLine(text: String, line: Int, key: String) {
        #expect {
            _ = try RunConfig.parse(text, file: "plinv.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line == line && error.key == key && error.description.contains("plinv.yaml:\(line)")
        }
    }

    @Test func malformedYAMLNamesTheLine() {
        #expect {
            _ = try RunConfig.parse("regions: [a\nconcurrency: 2\n", file: "bad.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line != nil && error.description.hasPrefix("bad.yaml:")
        }
    }

    @Test func regionsAreRequired() {
        #expect(throws: ConfigError.self) { _ = try RunConfig.parse("concurrency: 2\n", file: "c.yaml") }
    }
}

@Suite struct RunConfigPathTests {
    @Test(arguments: [
        (".", "templates/a.yaml", "templates/a.yaml"),
        ("out/demo", "../../examples/templates/a.yaml", "examples/templates/a.yaml"),
        ("/srv/plinv", "t/../a.yaml", "/srv/plinv/a.yaml"),
        ("conf", "/abs/a.yaml", "/abs/a.yaml"),
        ("conf", "../../a.yaml", "../a.yaml"),
    ])
    func relativePathsResolveAgainstTheFilesDirectory(base: String, path: String, expected: String) {
        var config = RunConfig()
        config.baseDirectory = base
        #expect(config.resolve(path) == expected)
    }
}

@Suite struct RunConfigDesiredStateTests {
    @Test func desiredStacksWithNamePatterns() throws {
        let config = try RunConfig.parse(
            "regions: [eu-west-1]\ndesired: stacks\nstackNames: [endpoint-*, consumer]\n", file: "p.yaml")
        #expect(config.desired == .stacks)
        #expect(config.desired.readsStacks)
        #expect(config.stackNames == ["endpoint-*", "consumer"])
        #expect(config.hasDrift)
    }

    @Test func desiredDefaultsToTemplates() throws {
        let config = try RunConfig.parse("regions: [eu-west-1]\n", file: "p.yaml")
        #expect(config.desired == .templates && !config.desired.readsStacks && !config.hasDrift)
    }

    @Test func anUnknownSourceOrBothWithoutTemplatesIsAnError() {
        #expect(throws: ConfigError.self) {
            try RunConfig.parse("regions: [eu-west-1]\ndesired: git\n", file: "p.yaml")
        }
        #expect {
            try RunConfig.parse("regions: [eu-west-1]\ndesired: both\n", file: "p.yaml")
        } throws: { ($0 as? ConfigError)?.key == "desired" }
    }

    @Test func aTemplatesFileIsAListOrAMappingWithTemplates() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let list = try directory.write(
            "- file: provider.yaml\n  stackName: provider\n  account: '111111111111'\n  region: eu-west-1\n",
            to: "list.yaml")
        let entries = try RunConfig.loadTemplates(path: list.path).driftEntries()
        #expect(entries.map(\.file) == [directory.url.appendingPathComponent("provider.yaml").path])
        #expect(entries.first?.stackName == "provider")
        let mapping = try directory.write(
            "templates:\n  - file: sub/c.yaml\n    parametersFile: sub/c.json\n", to: "mapping.yaml")
        let second = try RunConfig.loadTemplates(path: mapping.path).driftEntries()
        #expect(second.first?.parameterFiles == [directory.url.appendingPathComponent("sub/c.json").path])
    }

    @Test func aMissingFileSaysWhy() {
        #expect {
            _ = try RunConfig.load(path: "/nonexistent/plinv.yaml")
        } throws: { "\($0)".contains("No such file or directory") }
        #expect {
            _ = try RunConfig.loadTemplates(path: "/nonexistent/templates.yaml")
        } throws: { "\($0)".contains("No such file or directory") }
    }
}

@Suite struct ExampleConfigurationTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

    @Test func theShippedExampleConfigurationAndSuppressionsLoad() throws {
        let config = try RunConfig.load(path: Self.examples.appendingPathComponent("plinv.yaml").path)
        #expect(config.desired == .both && config.templates.count == 2)
        #expect(config.failOnNew == "medium" && config.name == "nightly")
        let suppressions = try config.loadSuppressions()
        #expect(suppressions.map(\.rule) == ["PL008"])
        for template in config.driftEntries() {
            #expect(FileManager.default.fileExists(atPath: template.file), "\(template.file)")
            for file in template.parameterFiles { #expect(FileManager.default.fileExists(atPath: file), "\(file)") }
        }
    }

    /// Accounts may be ids, account ARNs, organizations and OUs; a comma-separated value is none of those, and the
    /// error says how a list is written.
    @Test func trustedEntriesAreCheckedAndAListHintGiven() throws {
        let config = try RunConfig.parse(
            "regions: [eu-west-1]\ntrustedAccounts: ['222222222222', 'arn:aws:iam::333333333333:root', o-abc123]\n",
            file: "p.yaml")
        #expect(config.trustedAccounts.count == 3)
        #expect {
            try RunConfig.parse("regions: [eu-west-1]\ntrustedAccounts: 222222222222, 333333333333\n", file: "p.yaml")
        } throws: { error in
            "\(error)".contains("'222222222222, 333333333333' is not an account id")
                && "\(error)".contains("a list is written [a, b]")
        }
    }

    @Test func regionsAndAllRegionsTogetherAreRefused() {
        #expect(throws: ConfigError.self) {
            try RunConfig.parse("regions: [eu-west-1]\nallRegions: true\n", file: "p.yaml")
        }
    }

    @Test func aByteOrderMarkIsNotPartOfTheYAML() throws {
        let config = try RunConfig.parse("\u{FEFF}regions: [eu-west-1]\n", file: "p.yaml")
        #expect(config.regions == ["eu-west-1"])
    }
}
