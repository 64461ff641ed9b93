import Testing

@testable import plinv

@Suite struct TemplateSpecTests {
    @Test func aBareFileTakesNoOptions() throws {
        let spec = try TemplateSpec(parsing: "stacks/provider.yaml")
        #expect(spec.file == "stacks/provider.yaml")
        #expect(spec.stackName == nil && spec.parameterFiles.isEmpty && spec.account == nil && spec.region == nil)
    }

    @Test func eachTemplateCarriesItsOwnStackParametersAndScope() throws {
        let spec = try TemplateSpec(
            parsing:
                "consumer.yaml,stack=consumer,params=c.json,params=extra.json,account=222222222222,region=eu-west-1")
        #expect(spec.file == "consumer.yaml")
        #expect(spec.stackName == "consumer")
        #expect(spec.parameterFiles == ["c.json", "extra.json"])
        #expect(spec.account == "222222222222" && spec.region == "eu-west-1")
    }

    @Test(arguments: [
        ("t.yaml,stak=x", "'stak=x' is not one of"),
        ("t.yaml,account=1", "account= and region= together"),
        (",stack=x", "the file name is empty"),
        ("t.yaml,stack=", "stack= needs a value"),
        ("t.yaml,region", "'region' is not one of"),
    ])
    func aMistakeNamesThePartAtFault(text: String, message: String) {
        #expect {
            _ = try TemplateSpec(parsing: text)
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains(text)
        }
    }

    @Test func driftOptionsApplyTheirDefaultsOnlyWhereASpecIsSilent() throws {
        let options = try DesiredStateOptions.parse([
            "--template", "provider.yaml,stack=provider,account=111111111111,region=eu-west-1",
            "--template", "consumer.yaml",
            "--parameters", "shared.json", "--parameter", "Env=prod",
            "--account", "222222222222", "--region", "us-east-1", "--stack-name", "consumer",
        ])
        let request = try options.driftRequest()
        #expect(
            request.entries == [
                DriftRequest.Entry(
                    file: "provider.yaml", parameters: ["Env": "prod"], parameterFiles: ["shared.json"],
                    account: "111111111111", region: "eu-west-1", stackName: "provider"),
                DriftRequest.Entry(
                    file: "consumer.yaml", parameters: ["Env": "prod"], parameterFiles: ["shared.json"],
                    account: "222222222222", region: "us-east-1", stackName: "consumer"),
            ])
        #expect(request.stacks == nil)
    }

    @Test func stackPatternsSelectByGlob() throws {
        let selection = DriftRequest.StackSelection(patterns: ["endpoint-*", "consumer-?"])
        #expect(selection.selects("endpoint-service"))
        #expect(selection.selects("consumer-a"))
        #expect(!selection.selects("consumer-ab"))
        #expect(!selection.selects("network"))
        #expect(DriftRequest.StackSelection().selects("anything"))
    }
}
