import PrivateLinkModel
import Testing
@testable import Templates

/// Macros (`Fn::Transform`, `AWS::Include`), template-level transforms and modules: what CloudFormation
/// expands at deploy time is unknown or a named gap, never an error for the whole file.
@Suite struct TransformTests {
    static let macro = "{Fn::Transform: {Name: MyMacro, Parameters: {Size: 3}}}"
    static let macroReason = "Fn::Transform (macro MyMacro) is expanded by CloudFormation at deploy time"

    static func at(_ line: Int, _ column: Int) -> TemplateLocation {
        TemplateLocation(file: "inline.yaml", line: line, column: column)
    }

    @Test func aMacroInAValueIsUnknownNamingTheMacro() throws {
        let text = """
            Resources:
              A:
                Type: T
                Properties:
                  Direct: \(Self.macro)
                  InList: [x, \(Self.macro)]
                  InSubVariable: !Sub ["x-${V}", {V: \(Self.macro)}]
                  SubOfMacro: {Fn::Sub: \(Self.macro)}
                  Short: !Transform {Name: MyMacro}
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.value("A", "Direct")?.value == .unknown(reason: Self.macroReason))
        #expect(loaded.value("A", "InList.1")?.value == .unknown(reason: Self.macroReason))
        #expect(
            loaded.value("A", "InSubVariable")?.value == .text([.literal("x-"), .unknown(reason: Self.macroReason)]))
        #expect(loaded.value("A", "SubOfMacro")?.value == .unknown(reason: Self.macroReason))
        #expect(loaded.value("A", "Short")?.value == .unknown(reason: Self.macroReason))
        #expect(loaded.notEvaluated.isEmpty)
    }

    @Test func anIncludeAtTheResourcesLevelIsATemplateGap() throws {
        let text = """
            Resources:
              Fn::Transform:
                Name: AWS::Include
                Parameters: {Location: s3://bucket/more.yaml}
              A:
                Type: T
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.resources.map(\.logicalId) == ["A"])
        #expect(loaded.notEvaluated.count == 1)
        let part = try #require(loaded.notEvaluated.first)
        #expect(part.logicalId == nil)
        #expect(part.reason.contains("AWS::Include") && part.reason.contains("s3://bucket/more.yaml"), "\(part.reason)")
        #expect(part.location == Self.at(2, 3))
    }

    @Test func anIncludeInPropertiesIsAGapOfThatResourceAndKeepsTheRest() throws {
        let text = """
            Resources:
              A:
                Type: T
                Properties:
                  Kept: 1
                  Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/props.yaml}}
              B:
                Type: T
                Properties:
                  Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/props.yaml}}
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.resource("A")?.properties.keys.sorted() == ["Kept"])
        #expect(loaded.resource("B")?.properties.isEmpty == true)
        #expect(loaded.notEvaluated.map(\.logicalId) == ["A", "B"])
        #expect(loaded.notEvaluated.map(\.location) == [Self.at(6, 7), Self.at(10, 7)])
        #expect(loaded.notEvaluated.allSatisfy { $0.reason.contains("AWS::Include") })
    }

    @Test func aResourceDefinedByAnIncludeIsAGapOfThatResource() throws {
        let text = """
            Resources:
              Included:
                Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/resource.yaml}}
              Merged:
                Type: AWS::SNS::Topic
                Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/attributes.yaml}}
              User:
                Type: T
                Properties: {Topic: !Ref Included}
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.resources.map(\.logicalId) == ["Merged", "User"])
        #expect(loaded.notEvaluated.map(\.logicalId) == ["Included", "Merged"])
        #expect(loaded.notEvaluated.allSatisfy { $0.reason.contains("AWS::Include") })
        #expect(loaded.value("User", "Topic")?.value.unknownReason?.contains("Included") == true)
    }

    @Test func mappingsFromAnIncludeMakeTheirLookupsUnknown() throws {
        let text = """
            Mappings:
              Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/mappings.yaml}}
              Local: {k: {v: here}}
              Partly:
                Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/partly.yaml}}
            Resources:
              A:
                Type: T
                Properties:
                  FromInclude: !FindInMap [Regions, !Ref AWS::Region, Ami]
                  FromPartly: !FindInMap [Partly, k, v]
                  Local: !FindInMap [Local, k, v]
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.value("A", "Local")?.value == .known(.string("here")))
        #expect(loaded.value("A", "FromInclude")?.value.unknownReason?.contains("AWS::Include") == true)
        #expect(loaded.value("A", "FromPartly")?.value.unknownReason?.contains("s3://b/partly.yaml") == true)
        #expect(loaded.notEvaluated.count == 2)
        let typo = text.replacingOccurrences(
            of: "  Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/mappings.yaml}}\n", with: ""
        )
        .replacingOccurrences(of: "!FindInMap [Regions, !Ref AWS::Region, Ami]", with: "!FindInMap [Local, k, nope]")
        #expect(
            Fixture.error { try Fixture.loadText(typo) }
                == .unresolvedReference("Fn::FindInMap: Local.k.nope", at: Self.at(9, 20)))
    }

    @Test func conditionsFromAnIncludeAreUndecided() throws {
        let text = """
            Conditions:
              Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/conditions.yaml}}
              Local: !Equals [a, a]
            Resources:
              A:
                Type: T
                Condition: FromInclude
              B:
                Type: T
                Condition: Local
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.resources.map(\.logicalId) == ["A", "B"])
        #expect(loaded.resource("A")?.conditionUnknownReason?.contains("s3://b/conditions.yaml") == true)
        #expect(loaded.resource("B")?.conditionUnknownReason == nil)
        #expect(loaded.notEvaluated.map(\.location) == [Self.at(2, 3)])
    }

    @Test func samNamesTheTransformGeneratesAreUnknownReferences() throws {
        let text = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
              Perm:
                Type: AWS::Lambda::Permission
                DependsOn: FnRole
                Properties:
                  Role: !GetAtt FnRole.Arn
                  Name: !Ref FnRole
                  Sub: !Sub "role/${FnRole}"
                  Own: !Ref Fn
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.transforms == ["AWS::Serverless-2016-10-31"])
        let reason = "FnRole is generated by transform AWS::Serverless-2016-10-31; plinv does not expand it"
        #expect(loaded.value("Perm", "Role")?.value == .unknown(reason: reason))
        #expect(loaded.value("Perm", "Name")?.value == .unknown(reason: reason))
        #expect(loaded.value("Perm", "Sub")?.value == .text([.literal("role/"), .unknown(reason: reason)]))
        #expect(loaded.value("Perm", "Own")?.value.reference?.logicalId == "Fn")
    }

    @Test func aModulesSubResourcesAreUnknownReferencesAndOtherNamesStayErrors() throws {
        let text = """
            Resources:
              Net:
                Type: My::Org::Network::MODULE
              Endpoint:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcId: !Ref NetVPC
                  Subnet: !GetAtt [NetSubnetA, SubnetId]
            """
        let loaded = try Fixture.loadText(text)
        #expect(
            loaded.value("Endpoint", "VpcId")?.value
                == .unknown(
                    reason: "NetVPC is generated by module Net (My::Org::Network::MODULE); plinv does not expand it"))
        #expect(
            loaded.value("Endpoint", "Subnet")?.value.unknownReason?.hasPrefix("NetSubnetA is generated by module Net")
                == true)
        let typo = text.replacingOccurrences(of: "!Ref NetVPC", with: "!Ref Vpc")
        #expect(Fixture.error { try Fixture.loadText(typo) } == .unresolvedReference("Vpc", at: Self.at(7, 14)))
    }

    @Test func withoutATransformOrModuleAnUndeclaredNameIsStillAnError() {
        let text = "Resources:\n  A:\n    Type: T\n    Properties:\n      P: !Ref FnRole\n"
        #expect(Fixture.error { try Fixture.loadText(text) } == .unresolvedReference("FnRole", at: Self.at(5, 10)))
    }

    @Test func aMacroTransformIsRecordedWithItsName() throws {
        let text =
            "Transform: [{Name: MyMacro, Parameters: {a: 1}}, AWS::Serverless-2016-10-31]\nResources:\n  A:\n    Type: T\n"
        #expect(try Fixture.loadText(text).transforms == ["MyMacro", "AWS::Serverless-2016-10-31"])
    }
}
