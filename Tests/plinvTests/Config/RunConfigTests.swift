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
        ("regions: [a]\nbogus: 1\n", 2, "bogus"),
        ("regions: [a]\nreports:\n  formats: [pdf]\n", 3, "reports.formats"),
        ("regions: [a]\nconcurrency: 0\n", 2, "concurrency"),
        ("regions: [a]\ntemplates:\n  - account: '1'\n", 3, "templates[].file"),
        ("regions: [a]\nfailOn: severe\n", 2, "failOn"),
        ("regions: [a]\naccounts:\n  profile: x\n", 3, "accounts.profile"),
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
