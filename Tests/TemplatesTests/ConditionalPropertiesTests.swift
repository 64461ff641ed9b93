import PrivateLinkModel
import Testing
@testable import Templates

/// An intrinsic function over a whole `Properties` block (or a nested object) is evaluated: never read as
/// "no properties" when it holds, never guessed when it is undecided.
@Suite struct ConditionalPropertiesTests {
    /// A template whose resource `Service` has `Properties: <properties>` on line 17, column 17.
    static func template(_ properties: String) -> String {
        """
        Parameters:
          Mode:
            Type: String
            Default: nlb
          FromSSM:
            Type: AWS::SSM::Parameter::Value<String>
            Default: /plinv/mode
        Conditions:
          UseNLB: !Equals [!Ref Mode, nlb]
          Undecided: !Equals [!Ref FromSSM, nlb]
        Mappings:
          Settings:
            nlb: {Properties: {AcceptanceRequired: true, NetworkLoadBalancerArns: [arn:nlb]}}
        Resources:
          Service:
            Type: AWS::EC2::VPCEndpointService
            Properties: \(properties)
        """
    }

    static let conditional =
        "!If [UseNLB, {NetworkLoadBalancerArns: [arn:nlb], AcceptanceRequired: true}, !Ref AWS::NoValue]"

    @Test func aTrueConditionGivesTheBranchsProperties() throws {
        let loaded = try Fixture.loadText(Self.template(Self.conditional))
        let service = try #require(loaded.resource("Service"))
        #expect(service[property: "NetworkLoadBalancerArns"]?.value.jsonValue == .array([.string("arn:nlb")]))
        #expect(service[property: "AcceptanceRequired"]?.value == .known(.bool(true)))
        #expect(Set(service.properties.keys) == ["NetworkLoadBalancerArns", "AcceptanceRequired"])
        #expect(loaded.notEvaluated.isEmpty)
    }

    @Test func aFalseConditionOverNoValueGivesNoPropertiesAndIsNotAGap() throws {
        let loaded = try Fixture.loadText(Self.template(Self.conditional), parameters: ["Mode": "gwlb"])
        let service = try #require(loaded.resource("Service"))
        #expect(service.properties.isEmpty)
        #expect(loaded.notEvaluated.isEmpty)
    }

    @Test func aFalseConditionGivesTheOtherBranchsProperties() throws {
        let loaded = try Fixture.loadText(
            Self.template("!If [UseNLB, {AcceptanceRequired: true}, {GatewayLoadBalancerArns: [arn:gwlb]}]"),
            parameters: ["Mode": "gwlb"])
        #expect(loaded.resource("Service")?.properties.keys.sorted() == ["GatewayLoadBalancerArns"])
    }

    @Test func anUndecidedConditionIsNamedForTheResourceAndInventsNothing() throws {
        let loaded = try Fixture.loadText(
            Self.template(Self.conditional.replacingOccurrences(of: "UseNLB", with: "Undecided")))
        let service = try #require(loaded.resource("Service"), "the resource is still declared")
        #expect(service.properties.isEmpty)
        #expect(loaded.notEvaluated.count == 1)
        let part = try #require(loaded.notEvaluated.first)
        #expect(part.logicalId == "Service")
        #expect(part.reason.contains("Undecided"), "\(part.reason)")
        #expect(part.location == TemplateLocation(file: "inline.yaml", line: 17, column: 17))
    }

    @Test func anyIntrinsicOverTheBlockIsEvaluated() throws {
        let loaded = try Fixture.loadText(Self.template("!FindInMap [Settings, !Ref Mode, Properties]"))
        let service = try #require(loaded.resource("Service"))
        #expect(service[property: "AcceptanceRequired"]?.value == .known(.bool(true)))
        #expect(service[property: "NetworkLoadBalancerArns"]?.value.jsonValue == .array([.string("arn:nlb")]))
    }

    @Test func nestedConditionalObjectsAreEvaluatedAtEachLevel() throws {
        let properties =
            "{Outer: !If [UseNLB, {Inner: !If [UseNLB, {A: 1}, !Ref AWS::NoValue], Gone: !If [UseNLB, !Ref AWS::NoValue, 2]}, x]}"
        let loaded = try Fixture.loadText(Self.template(properties))
        #expect(loaded.value("Service", "Outer.Inner.A")?.value == .known(.integer(1)))
        #expect(loaded.value("Service", "Outer.Gone") == nil)
        let off = try Fixture.loadText(Self.template(properties), parameters: ["Mode": "gwlb"])
        #expect(off.value("Service", "Outer")?.value == .known(.string("x")))
    }

    @Test func theJSONFormIsReadTheSameWay() throws {
        let json = """
            {"Conditions": {"Yes": {"Fn::Equals": ["a", "a"]}},
             "Resources": {"Service": {"Type": "AWS::EC2::VPCEndpointService",
               "Properties": {"Fn::If": ["Yes", {"AcceptanceRequired": false}, {"Ref": "AWS::NoValue"}]}}}}
            """
        let loaded = try Fixture.loadText(json, file: "inline.json")
        #expect(loaded.value("Service", "AcceptanceRequired")?.value == .known(.bool(false)))
    }

    @Test func propertiesThatEvaluateToAScalarAreAnError() {
        let error = Fixture.error {
            try Fixture.loadText(Self.template("!If [UseNLB, notamapping, !Ref AWS::NoValue]"))
        }
        #expect(
            error
                == .invalidTemplate(
                    message: "Properties of Service must be a mapping",
                    at: TemplateLocation(file: "inline.yaml", line: 17, column: 17)))
    }
}
