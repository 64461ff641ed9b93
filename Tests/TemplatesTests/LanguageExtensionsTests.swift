import Foundation
import PrivateLinkModel
import Testing
@testable import Templates

/// `Transform: AWS::LanguageExtensions`: `Fn::ForEach` expanded in Resources, Conditions, Outputs and inside
/// properties; `Fn::Length`, `Fn::ToJsonString`, `Fn::FindInMap` with `DefaultValue`.
@Suite struct LanguageExtensionsTests {
    static let template = """
        Transform: AWS::LanguageExtensions
        Parameters:
          Names:
            Type: CommaDelimitedList
            Default: "Orders, Billing"
          OrdersFlag: {Type: String, Default: "on"}
          BillingFlag: {Type: String, Default: "off"}
        Mappings:
          Ports:
            Orders: {List: ["443", "8443"]}
            Billing: {List: ["443"]}
        Conditions:
          Fn::ForEach::Conds:
            - Name
            - [Orders, Billing]
            - Is${Name}: !Equals [!Ref Name, Orders]
              Named${Name}: !Equals [{Ref: !Sub "${Name}Flag"}, "on"]
        Resources:
          Fn::ForEach::Services:
            - Name
            - !Ref Names
            - ${Name}Service:
                Type: AWS::EC2::VPCEndpointService
                Properties:
                  ServiceName: !Sub "${Name}-svc"
                  Owner: !Ref Name
                  Literal: !Sub "${!Name}"
                  Plain: "${Name} everywhere"
                  Peer: !GetAtt [!Sub "${Name}Rule443", Id]
              Fn::ForEach::Rules:
                - Port
                - !FindInMap [Ports, !Ref Name, List]
                - ${Name}Rule${Port}:
                    Type: AWS::EC2::SecurityGroupIngress
                    Properties:
                      FromPort: !Ref Port
                      Description: !Sub "${Name} on ${Port}"
          OnlyBilling:
            Type: AWS::SNS::Topic
            Condition: IsBilling
          OrdersFlagged:
            Type: AWS::SNS::Topic
            Condition: NamedOrders
          BillingFlagged:
            Type: AWS::SNS::Topic
            Condition: NamedBilling
          OnlyOrders:
            Type: AWS::SNS::Topic
            Condition: IsOrders
            Properties:
              Fn::ForEach::Tags:
                - Key
                - [A, B]
                - Tag${Key}: !Sub "v-${Key}"
              Plain: 1
        Outputs:
          Fn::ForEach::Out:
            - Name
            - !Ref Names
            - ${Name}Out:
                Value: !GetAtt [OrdersService, ServiceId]
                Export: {Name: !Sub "${AWS::StackName}-${Name}"}
        """

    @Test func resourcesAreGeneratedInPlaceWithTheIdentifierSubstituted() throws {
        let loaded = try Fixture.loadText(Self.template)
        #expect(
            loaded.resources.map(\.logicalId) == [
                "OrdersService", "OrdersRule443", "OrdersRule8443", "BillingService", "BillingRule443", "OrdersFlagged",
                "OnlyOrders",
            ])
        #expect(loaded.value("OrdersService", "ServiceName")?.value == .known(.string("Orders-svc")))
        #expect(loaded.value("BillingService", "Owner")?.value == .known(.string("Billing")))
        #expect(loaded.value("BillingService", "Literal")?.value == .known(.string("${Name}")))
        // Every ${Identifier} in the fragment is replaced, not only those in Fn::Sub.
        #expect(loaded.value("BillingService", "Plain")?.value == .known(.string("Billing everywhere")))
        #expect(loaded.value("OrdersService", "Peer")?.value.reference?.logicalId == "OrdersRule443")
        #expect(loaded.value("OrdersRule8443", "FromPort")?.value == .known(.string("8443")))
        #expect(loaded.value("BillingRule443", "Description")?.value == .known(.string("Billing on 443")))
        #expect(
            loaded.resource("OrdersService")?.location == TemplateLocation(file: "inline.yaml", line: 22, column: 7))
        #expect(loaded.transforms.isEmpty, "a fully expanded transform is not a gap")
        #expect(loaded.notEvaluated.isEmpty)
    }

    @Test func conditionsAndOutputsAreGeneratedToo() throws {
        let loaded = try Fixture.loadText(Self.template)
        // `Ref: !Sub "${Name}Flag"`: the language extensions let Ref take an intrinsic name.
        #expect(loaded.excludedResources == ["OnlyBilling", "BillingFlagged"])
        #expect(loaded.outputs.keys.sorted() == ["BillingOut", "OrdersOut"])
        #expect(loaded.resource("OnlyOrders")?.properties.keys.sorted() == ["Plain", "TagA", "TagB"])
        #expect(loaded.value("OnlyOrders", "TagB")?.value == .known(.string("v-B")))
    }

    @Test func theCollectionFollowsTheParameterValue() throws {
        let loaded = try Fixture.loadText(Self.template, parameters: ["Names": "Orders"])
        #expect(
            loaded.resources.map(\.logicalId) == [
                "OrdersService", "OrdersRule443", "OrdersRule8443", "OrdersFlagged", "OnlyOrders",
            ])
        #expect(loaded.outputs.keys.sorted() == ["OrdersOut"])
    }

    @Test func ampersandKeepsOnlyAlphanumericsInKeys() throws {
        let text = """
            Transform: [AWS::LanguageExtensions]
            Resources:
              Fn::ForEach::Topics:
                - Name
                - [a-b, c.d]
                - Topic&{Name}:
                    Type: AWS::SNS::Topic
                    Properties: {TopicName: !Sub "${Name}", Short: !Sub "&{Name}"}
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.resources.map(\.logicalId) == ["Topicab", "Topiccd"])
        #expect(loaded.value("Topicab", "TopicName")?.value == .known(.string("a-b")))
        #expect(loaded.value("Topiccd", "Short")?.value == .known(.string("cd")))
    }

    @Test func theJSONFormExpandsTheSame() throws {
        let json = """
            {"Transform": "AWS::LanguageExtensions",
             "Resources": {"Fn::ForEach::Q": ["X", ["1", "2"], {"Queue${X}": {"Type": "AWS::SQS::Queue",
               "Properties": {"QueueName": {"Fn::Sub": "q-${X}"}}}}]}}
            """
        let loaded = try Fixture.loadText(json, file: "inline.json")
        #expect(loaded.resources.map(\.logicalId) == ["Queue1", "Queue2"])
        #expect(loaded.value("Queue2", "QueueName")?.value == .known(.string("q-2")))
    }

    @Test func aCollectionNotKnownOfflineIsOneNamedGapAndInventsNothing() throws {
        let text = """
            Transform: AWS::LanguageExtensions
            Parameters:
              Names:
                Type: AWS::SSM::Parameter::Value<List<String>>
                Default: /plinv/names
            Resources:
              Fn::ForEach::Topics:
                - Name
                - !Ref Names
                - Topic${Name}:
                    Type: AWS::SNS::Topic
              Subscriber:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref TopicOrders
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.resources.map(\.logicalId) == ["Subscriber"])
        #expect(loaded.notEvaluated.count == 1)
        let part = try #require(loaded.notEvaluated.first)
        #expect(part.logicalId == nil)
        #expect(part.reason.contains("Fn::ForEach::Topics") && part.reason.contains("Names"), "\(part.reason)")
        #expect(part.location == TemplateLocation(file: "inline.yaml", line: 7, column: 3))
        // A name such a loop may generate is unknown, not an error.
        let topic = try #require(loaded.value("Subscriber", "TopicArn")?.value.unknownReason)
        #expect(topic.contains("TopicOrders") && topic.contains("Fn::ForEach::Topics"), "\(topic)")
    }

    @Test func anUnknownInnerLoopIsOneGapHoweverManyOuterItemsAndItsConditionsAreUndecided() throws {
        let text = """
            Transform: AWS::LanguageExtensions
            Parameters:
              Ports: {Type: AWS::SSM::Parameter::Value<List<String>>, Default: /ports}
            Conditions:
              Fn::ForEach::Flags:
                - Port
                - !Ref Ports
                - Open${Port}: !Equals [a, a]
            Resources:
              Fn::ForEach::Outer:
                - Name
                - [A, B, C]
                - ${Name}Group:
                    Type: AWS::EC2::SecurityGroup
                  Fn::ForEach::Inner:
                    - Port
                    - !Ref Ports
                    - ${Name}Rule${Port}:
                        Type: AWS::EC2::SecurityGroupIngress
              Gated:
                Type: T
                Condition: Open443
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.resources.map(\.logicalId) == ["AGroup", "BGroup", "CGroup", "Gated"])
        #expect(loaded.notEvaluated.map(\.location.line) == [5, 15])
        #expect(loaded.resource("Gated")?.conditionUnknownReason?.contains("Fn::ForEach::Flags") == true)
    }

    @Test func resourcesMadeOnlyOfAnUnknownLoopStillLoad() throws {
        let text = """
            Transform: AWS::LanguageExtensions
            Parameters:
              Names: {Type: AWS::SSM::Parameter::Value<List<String>>, Default: /names}
            Resources:
              Fn::ForEach::Topics: [Name, !Ref Names, {"Topic${Name}": {Type: AWS::SNS::Topic}}]
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.resources.isEmpty)
        #expect(loaded.notEvaluated.map(\.location) == [TemplateLocation(file: "inline.yaml", line: 5, column: 3)])
        let empty = text.replacingOccurrences(of: "!Ref Names", with: "[]")
        #expect(
            Fixture.error { try Fixture.loadText(empty) }
                == .invalidTemplate(
                    message: "a template needs a non-empty Resources section",
                    at: TemplateLocation(file: "inline.yaml", line: 4, column: 1)))
    }

    /// The fuzz suite's language-extensions fixture, as a whole: an endpoint service per listed name.
    @Test func theFixtureExpandsToAServicePerName() throws {
        let loaded = try Fixture.load("language-extensions.yaml")
        #expect(
            loaded.resources(ofType: "AWS::EC2::VPCEndpointService").map(\.logicalId) == [
                "ordersService", "billingService",
            ])
        #expect(
            loaded.resources(ofType: "AWS::ElasticLoadBalancingV2::Listener").map(\.logicalId)
                == ["ordersListener443", "ordersListener8443", "billingListener443", "billingListener8443"])
        #expect(loaded.value("billingService", "NetworkLoadBalancerArns.0")?.value.reference?.logicalId == "billingNlb")
        #expect(
            loaded.value("ordersPermissions", "AllowedPrincipals")?.value.jsonValue
                == .array([.string("arn:aws:iam::111122223333:root")]))
        #expect(loaded.value("Secret", "SecretString")?.value.unknownReason?.contains("NoEcho") == true)
        #expect(loaded.outputs.keys.sorted() == ["billingServiceId", "ordersServiceId"])
        #expect(
            loaded.notEvaluated.map(\.reason).map { $0.contains("Fn::ForEach::Remote") || $0.contains("AWS::Include") }
                == [true, true])
        #expect(!String(reflecting: loaded).contains("not-a-secret-in-a-fixture"))
    }

    @Test func withoutTheTransformForEachIsAnErrorNamingIt() throws {
        let text = Self.template.replacingOccurrences(of: "Transform: AWS::LanguageExtensions\n", with: "")
        let error = try #require(Fixture.error { try Fixture.loadText(text) })
        #expect(
            error.description.contains("Fn::ForEach::Conds") && error.description.contains("AWS::LanguageExtensions"),
            "\(error)")
        #expect(error.location == TemplateLocation(file: "inline.yaml", line: 12, column: 3))
    }

    static let malformed: [(String, String)] = [
        ("two arguments", "Fn::ForEach::Bad: [Name, [a]]"),
        ("a fixed output key", "Fn::ForEach::Bad: [Name, [a, b], {Fixed: {Type: T}}]"),
        ("a list item", "Fn::ForEach::Bad: [Name, [[a]], {'${Name}X': {Type: T}}]"),
        ("a non-alphanumeric identifier", "Fn::ForEach::Bad: [My-Name, [a], {'${My-Name}X': {Type: T}}]"),
        ("a clash with a declared resource", "Fn::ForEach::Bad: [Name, [A], {'${Name}': {Type: T}}]"),
        ("a scalar collection", "Fn::ForEach::Bad: [Name, abc, {'${Name}X': {Type: T}}]"),
        ("a duplicate item", "Fn::ForEach::Bad: [Name, [x, x], {'${Name}X': {Type: T}}]"),
    ]

    @Test(arguments: malformed)
    func aMalformedLoopIsAnErrorNamingFnForEachAndTheLoop(name: String, loop: String) throws {
        let text = "Transform: AWS::LanguageExtensions\nResources:\n  A:\n    Type: T\n  \(loop)\n"
        let error = try #require(Fixture.error { try Fixture.loadText(text) }, "\(name)")
        #expect(error.description.contains("Fn::ForEach::Bad"), "\(name): \(error)")
        #expect(error.location?.line == 5, "\(name): \(error)")
    }

    @Test func lengthToJsonStringAndFindInMapDefaultValue() throws {
        let text = """
            Transform: AWS::LanguageExtensions
            Parameters:
              Names: {Type: CommaDelimitedList, Default: "a,b"}
              Secret: {Type: AWS::SSM::Parameter::Value<List<String>>, Default: /x}
            Mappings:
              M: {k: {v: present}}
            Resources:
              A:
                Type: T
                Properties:
                  Three: !Length [x, y, z]
                  Two: {Fn::Length: !Ref Names}
                  Unknown: {Fn::Length: !Ref Secret}
                  Json: !ToJsonString {b: 1, a: [x, !Ref Names]}
                  JsonOfRef: !ToJsonString {a: !Ref B}
                  Found: !FindInMap [M, k, v, {DefaultValue: fallback}]
                  Default: !FindInMap [M, k, nope, {DefaultValue: [d1, d2]}]
              B:
                Type: T
            """
        let loaded = try Fixture.loadText(text)
        #expect(loaded.value("A", "Three")?.value == .known(.integer(3)))
        #expect(loaded.value("A", "Two")?.value == .known(.integer(2)))
        #expect(loaded.value("A", "Unknown")?.value.unknownReason != nil)
        let json = try #require(loaded.value("A", "Json")?.value.jsonValue?.stringValue)
        #expect(
            try JSONValue.parse(json)
                == .object(["b": .integer(1), "a": .array([.string("x"), .array([.string("a"), .string("b")])])]))
        #expect(loaded.value("A", "JsonOfRef")?.value.unknownReason != nil)
        #expect(loaded.value("A", "Found")?.value == .known(.string("present")))
        #expect(loaded.value("A", "Default")?.value.jsonValue == .array([.string("d1"), .string("d2")]))
    }

    @Test func samAlongsideLanguageExtensionsStaysRecorded() throws {
        let text = "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources:\n  A:\n    Type: T\n"
        #expect(try Fixture.loadText(text).transforms == ["AWS::Serverless-2016-10-31"])
    }
}
