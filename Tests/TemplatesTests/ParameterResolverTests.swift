import Foundation
import PrivateLinkModel
import TestSupport
import Testing
@testable import Templates

/// Parameters from defaults, files in both forms and overrides, checked against their declarations.
@Suite struct ParameterResolverTests {
    static let file = Fixture.url("parameters.yaml").path

    @Test func theAWSCLIFormSetsValuesAndListsSplitAtCommas() throws {
        let template = try Fixture.load("parameters.yaml", parameterFiles: ["parameters-cli.json"])
        #expect(template.value("Endpoint", "VpcId")?.value == .known(.string("vpc-cli")))
        #expect(
            template.value("Endpoint", "SubnetIds")?.value.jsonValue
                == .array([.string("subnet-1"), .string("subnet-2")]))
        #expect(template.value("Endpoint", "ServiceName")?.value == .known(.string("com.amazonaws.eu-west-1.orders")))
        // The file location of each value is kept for the report.
        #expect(
            template.parameters["VpcId"]?.location
                == TemplateLocation(file: Fixture.url("parameters-cli.json").path, line: 4, column: 48))
    }

    @Test func thePlainMapFormAcceptsListsAndNumbersAndReportsUndeclaredKeys() throws {
        let template = try Fixture.load("parameters.yaml", parameterFiles: ["parameters-map.json"])
        #expect(
            template.value("Endpoint", "SubnetIds")?.value.jsonValue
                == .array([.string("subnet-a"), .string("subnet-b"), .string("subnet-c")]))
        #expect(template.parameters["InstanceCount"]?.value == .known(.string("3")))
        #expect(template.ignoredParameters == ["NotDeclared"])
    }

    @Test func overridesWinOverFilesAndLaterFilesOverEarlierOnes() throws {
        let template = try Fixture.load(
            "parameters.yaml", parameters: ["VpcId": "vpc-override"],
            parameterFiles: ["parameters-cli.json", "parameters-map.json"])
        #expect(template.value("Endpoint", "VpcId")?.value == .known(.string("vpc-override")))
        #expect(template.parameters["Application"]?.value == .known(.string("billing")))
        // Environment=prod comes from the first file only, so it stays.
        #expect(template.parameters["Environment"]?.value == .known(.string("prod")))
        #expect(template.parameters["VpcId"]?.location.line == 21, "an override points at the declaration")
    }

    @Test func defaultsApplyAndACommaDelimitedListIsTrimmed() throws {
        let template = try Fixture.load(
            "parameters.yaml",
            parameters: [
                "Application": "orders", "SubnetIds": "subnet-1", "VpcId": "vpc-1", "Environment": "prod",
            ])
        let group = try #require(template.resource("ProdOnlyGroup"))
        #expect(group.value(at: "SecurityGroupIngress.0.CidrIp")?.value == .known(.string("10.0.0.0/8")))
        #expect(group.value(at: "SecurityGroupIngress.1.CidrIp")?.value == .known(.string("172.16.0.0/12")))
        #expect(group[property: "GroupDescription"]?.value == .known(.string("orders in prod (2)")))
        #expect(template.value("Endpoint", "PrivateDnsEnabled")?.value == .known(.bool(true)))
    }

    @Test func aFalseConditionDropsTheResourceAndPicksTheOtherBranch() throws {
        let template = try Fixture.load(
            "parameters.yaml", parameters: ["Application": "orders", "SubnetIds": "", "VpcId": "vpc-1"])
        #expect(template.resource("ProdOnlyGroup") == nil)
        #expect(template.excludedResources == ["ProdOnlyGroup"])
        #expect(template.value("Endpoint", "PrivateDnsEnabled")?.value == .known(.bool(false)))
        #expect(template.value("Endpoint", "SubnetIds")?.value == .list([]))
    }

    @Test func ssmParameterTypesAreUnknownOffline() throws {
        let template = try Fixture.load("parameters.yaml", parameterFiles: ["parameters-cli.json"])
        let reason = try #require(template.value("Instance", "ImageId")?.value.unknownReason)
        #expect(reason.contains("SSM"))
    }

    @Test func aMissingValueNamesTheParameterAndItsDeclaration() {
        let error = Fixture.error {
            try Fixture.load("parameters.yaml", parameters: ["Application": "orders", "VpcId": "vpc-1"])
        }
        #expect(error == .missingParameter("SubnetIds", at: TemplateLocation(file: Self.file, line: 16, column: 3)))
        #expect(error?.description == "\(Self.file):16:3: parameter SubnetIds has no value and no Default")
    }

    @Test func aValueOutsideAllowedValuesPointsAtTheFile() {
        let error = Fixture.error {
            try Fixture.load("parameters.yaml", parameterFiles: ["parameters-invalid-value.json"])
        }
        #expect(
            error
                == .invalidParameterValue(
                    name: "Environment", value: "staging", reason: "staging is not one of AllowedValues dev, prod",
                    at: TemplateLocation(file: Fixture.url("parameters-invalid-value.json").path, line: 5, column: 18)))
    }

    @Test(arguments: [
        ("Application", "Orders", "Orders does not match AllowedPattern [a-z][a-z0-9-]*"),
        ("InstanceCount", "many", "many is not a number"),
        ("InstanceCount", "11", "above MaxValue 10"),
        ("InstanceCount", "0", "below MinValue 1"),
    ])
    func constraintsAreChecked(name: String, value: String, reason: String) {
        var parameters = ["Application": "orders", "SubnetIds": "subnet-1", "VpcId": "vpc-1"]
        parameters[name] = value
        let error = Fixture.error { try Fixture.load("parameters.yaml", parameters: parameters) }
        guard case .invalidParameterValue(let failedName, let failedValue, let failedReason, _)? = error else {
            Issue.record("expected invalidParameterValue, got \(String(describing: error))")
            return
        }
        #expect(failedName == name)
        #expect(failedValue == value)
        #expect(failedReason == reason)
    }

    @Test func aParametersFileInNeitherFormIsRejectedWithItsPosition() {
        let error = Fixture.error { try Fixture.load("parameters.yaml", parameterFiles: ["parameters-bad.json"]) }
        #expect(
            error
                == .invalidParametersFile(
                    message: "parameter SubnetIds has neither ParameterValue nor UsePreviousValue: true",
                    at: TemplateLocation(file: Fixture.url("parameters-bad.json").path, line: 3, column: 3)))
    }

    @Test func aBrokenParametersFileIsCalledAParametersFileNotATemplate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("[{\"ParameterKey\": \"VpcId\",\n  \"ParameterValue\": }]\n", to: "broken.json")
        let error = Fixture.error {
            try TemplateLoader().load(
                file: Fixture.url("parameters.yaml"), parameterFiles: [file], context: Fixture.context)
        }
        guard case .invalidParametersFile(let message, let at)? = error else {
            Issue.record("expected invalidParametersFile, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("not valid JSON"))
        #expect(at.line == 2 && at.file.hasSuffix("broken.json"))
        #expect(!"\(error!)".contains("malformed template"))
    }

    @Test func usePreviousValueLeavesTheParameterUnknown() throws {
        let text = """
            Parameters:
              VpcId:
                Type: AWS::EC2::VPC::Id
            Resources:
              Group:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  VpcId: !Ref VpcId
            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plinv-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let templateURL = directory.appendingPathComponent("t.yaml")
        let parametersURL = directory.appendingPathComponent("p.json")
        try text.write(to: templateURL, atomically: true, encoding: .utf8)
        try #"[{"ParameterKey": "VpcId", "UsePreviousValue": true}]"#.write(
            to: parametersURL, atomically: true, encoding: .utf8)
        let template = try TemplateLoader().load(file: templateURL, parameterFiles: [parametersURL])
        #expect(template.value("Group", "VpcId")?.value.unknownReason?.contains("previous") == true)
    }

    @Test func anUnsupportedTypeIsATemplateError() {
        let error = Fixture.error {
            try Fixture.loadText("Parameters:\n  P:\n    Type: Strng\nResources:\n  A:\n    Type: T\n")
        }
        #expect(
            error
                == .invalidTemplate(message: "parameter P has unsupported Type Strng", at: TemplateErrorTests.at(3, 11))
        )
    }

    @Test func overridesParseFromKeyValuePairs() throws {
        #expect(
            try TemplateLoader.parameterOverrides(["A=1", "B=x=y", "A=2", "C="]) == ["A": "2", "B": "x=y", "C": ""])
        #expect(throws: TemplateError.invalidParameterOverride("novalue")) {
            try TemplateLoader.parameterOverrides(["novalue"])
        }
        #expect(throws: TemplateError.invalidParameterOverride("=x")) { try TemplateLoader.parameterOverrides(["=x"]) }
    }
}
