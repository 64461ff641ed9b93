import Foundation
import PrivateLinkModel
import Testing
@testable import Templates

/// Valid CloudFormation that plinv used to refuse: `Rules`, `Fn::GetStackOutput`, every list parameter type.
@Suite struct AcceptedTemplatesTests {
    static let rules = """
        Parameters:
          Env: {Type: String, Default: prod, AllowedValues: [prod, test]}
          Subnets: {Type: List<AWS::EC2::Subnet::Id>, Default: "subnet-1,subnet-2"}
          Vpc: {Type: AWS::EC2::VPC::Id, Default: vpc-1}
        Rules:
          ProdSubnets:
            RuleCondition: !Equals [!Ref Env, prod]
            Assertions:
              - Assert: !Contains [[prod, test], !Ref Env]
                AssertDescription: env is known
              - Assert: !EachMemberEquals [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !Ref Vpc]
              - Assert: !EachMemberIn [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !RefAll "AWS::EC2::VPC::Id"]
              - Assert: !Not [!Equals [!ValueOf [Vpc, Tags], ""]]
              - Assert: !And [!Or [!Condition IsProd, !Equals [a, a]], !Equals [!Ref Env, prod]]
          LongForm:
            Assertions:
              - Assert: {"Fn::Contains": [[a], a]}
              - Assert: {"Fn::EachMemberEquals": [{"Fn::RefAll": "AWS::EC2::VPC::Id"}, vpc-1]}
              - Assert: {"Fn::If": [IsProd, {"Fn::Equals": [a, a]}, {"Fn::Equals": [a, b]}]}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          Endpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              SubnetIds: !Ref Subnets
        """

    @Test func rulesWithEveryRuleFunctionLoad() throws {
        let loaded = try Fixture.loadText(Self.rules)
        #expect(loaded.resources.map(\.logicalId) == ["Endpoint"])
        #expect(
            loaded.value("Endpoint", "SubnetIds")?.value.jsonValue
                == .array([.string("subnet-1"), .string("subnet-2")]))
        #expect(loaded.notEvaluated.isEmpty)
    }

    @Test func anUnknownFunctionInRulesIsStillAnError() throws {
        let text = Self.rules.replacingOccurrences(
            of: "{\"Fn::Contains\": [[a], a]}", with: "{\"Fn::Containz\": [[a], a]}")
        #expect(
            Fixture.error { try Fixture.loadText(text) }
                == .unknownFunction("Fn::Containz", at: TemplateLocation(file: "inline.yaml", line: 17, column: 17)))
    }

    @Test func getStackOutputIsUnknownWithAReason() throws {
        let text = """
            Resources:
              A:
                Type: T
                Properties:
                  Long: {Fn::GetStackOutput: {StackName: network, OutputName: VpcId}}
                  Short: !GetStackOutput {StackName: network, OutputName: SubnetId, Region: eu-west-2}
            """
        let loaded = try Fixture.loadText(text)
        let long = try #require(loaded.value("A", "Long")?.value.unknownReason)
        #expect(long.contains("Fn::GetStackOutput") && long.contains("network") && long.contains("VpcId"), "\(long)")
        #expect(loaded.value("A", "Short")?.value.unknownReason?.contains("SubnetId") == true)
    }

    static let listTypes: [(String, String, DesiredValue?)] = [
        ("List<String>", "a,b", .list([])),
        ("List<Number>", "1,2", .list([])),
        ("CommaDelimitedList", "a,b", .list([])),
        ("List<AWS::EC2::Subnet::Id>", "subnet-1,subnet-2", .list([])),
        ("List<AWS::EC2::SecurityGroup::Id>", "sg-1,sg-2", .list([])),
        ("List<AWS::EC2::AvailabilityZone::Name>", "eu-west-1a,eu-west-1b", .list([])),
        ("AWS::SSM::Parameter::Value<List<String>>", "/p", nil),
        ("AWS::SSM::Parameter::Value<CommaDelimitedList>", "/p", nil),
        ("AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>", "/p", nil),
        ("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "/p", nil),
        ("AWS::SSM::Parameter::Name", "/p", .known(.string("/p"))),
        ("AWS::EC2::KeyPair::KeyName", "key", .known(.string("key"))),
    ]

    /// `nil` expected: unknown (read from SSM at deploy time); an empty list: the two elements of the default.
    @Test(arguments: listTypes)
    func everyParameterTypeIsAccepted(type: String, value: String, expected: DesiredValue?) throws {
        let text =
            "Parameters:\n  P:\n    Type: \(type)\n    Default: \"\(value)\"\nResources:\n  A:\n    Type: T\n    Properties:\n      V: !Ref P\n"
        let resolved = try #require(try Fixture.loadText(text).value("A", "V")?.value)
        switch expected {
        case nil: #expect(resolved.unknownReason != nil, "\(type)")
        case .list?:
            #expect(resolved.jsonValue == .array(value.split(separator: ",").map { .string(String($0)) }), "\(type)")
        case let scalar?: #expect(resolved == scalar, "\(type)")
        }
    }

    @Test(arguments: ["List<Strin>", "List<>", "Sting", "AWS::SSM::Parameter::Value<String"])
    func aTypeCloudFormationDoesNotKnowIsStillAnError(type: String) {
        let text = "Parameters:\n  P:\n    Type: \(type)\n    Default: x\nResources:\n  A:\n    Type: T\n"
        #expect(
            Fixture.error { try Fixture.loadText(text) }
                == .invalidTemplate(
                    message: "parameter P has unsupported Type \(type)",
                    at: TemplateLocation(file: "inline.yaml", line: 3, column: 11)))
    }

    /// Found in AWS's sample templates: `"Fn::GetAZs": null` is the stack's region, as `""` is.
    @Test func getAZsOfNullIsTheStacksRegion() throws {
        let json =
            #"{"Resources": {"Group": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"AvailabilityZones": {"Fn::GetAZs": null}}}}}"#
        let loaded = try Fixture.loadText(json, file: "inline.json")
        #expect(
            loaded.value("Group", "AvailabilityZones")?.value.jsonValue
                == .array(["eu-west-1a", "eu-west-1b", "eu-west-1c"].map { .string($0) }))
    }

    /// Found in AWS's sample templates: CloudFormation checks AllowedPattern with Java's regular expressions, which
    /// accept `[--]`; a pattern this platform cannot compile is not checked rather than failing the template.
    @Test func anAllowedPatternOnlyJavaCompilesDoesNotFailTheTemplate() throws {
        let text =
            "Parameters:\n  Name:\n    Type: String\n    Default: my-bucket\n    AllowedPattern: '^(?!.*[--]{2})[a-z-]+$'\n"
            + "Resources:\n  A:\n    Type: T\n    Properties:\n      N: !Ref Name\n"
        #expect(try Fixture.loadText(text).value("A", "N")?.value == .known(.string("my-bucket")))
    }

    @Test func anIntrinsicAsTheNameInRefNeedsTheLanguageExtensions() throws {
        let text =
            "Parameters:\n  ParamA: {Type: String, Default: x}\nResources:\n  A:\n    Type: T\n    Properties:\n      P: {Ref: !Sub 'Param${AWS::NoValue}A'}\n"
            .replacingOccurrences(of: "${AWS::NoValue}", with: "")
        #expect(
            Fixture.error { try Fixture.loadText(text) }
                == .invalidArguments(
                    function: "Ref", expected: "the name of a parameter or resource",
                    at: TemplateLocation(file: "inline.yaml", line: 7, column: 16)))
        let extended = try Fixture.loadText("Transform: AWS::LanguageExtensions\n" + text)
        #expect(extended.value("A", "P")?.value == .known(.string("x")))
    }
}
