import PrivateLinkModel
import Testing
@testable import Templates

/// Every intrinsic function resolving, from `Fixtures/intrinsics.yaml`.
@Suite struct IntrinsicFunctionTests {
    let template: LoadedTemplate
    let bucket = ResourceReference(logicalId: "Bucket", resourceType: "AWS::S3::Bucket")

    init() throws {
        template = try Fixture.load("intrinsics.yaml")
    }

    func value(_ property: String) -> DesiredValue? {
        template.value("Thing", property)?.value
    }

    @Test func refResolvesParametersListsAndResources() {
        #expect(value("RefParam") == .known(.string("prod")))
        #expect(value("RefList")?.jsonValue == .array([.string("10.0.0.0/16"), .string("10.1.0.0/16")]))
        #expect(value("RefResource") == .reference(bucket))
        // A List<Number> parameter gives strings, as CloudFormation's Ref does; whitespace after commas is trimmed.
        #expect(value("Ports")?.jsonValue == .array([.string("80"), .string("443")]))
    }

    @Test func getAttInBothFormsIsAReference() {
        var arn = bucket
        arn.attribute = "Arn"
        #expect(value("GetAttDot") == .reference(arn))
        var domain = bucket
        domain.attribute = "DomainName"
        #expect(value("GetAttList") == .reference(domain))
    }

    @Test func subResolvesPseudoParametersVariablesAndLiterals() {
        #expect(value("SubPlain") == .known(.string("prod-eu-west-1-111122223333-aws-amazonaws.com-endpoint-service")))
        #expect(value("SubMap") == .known(.string("prod.example.com")))
        #expect(value("SubLiteral") == .known(.string("${Literal}-prod")))
    }

    @Test func subOverAResourceIsATextWithAHole() {
        var arn = bucket
        arn.attribute = "Arn"
        #expect(value("SubResource") == .text([.literal("arn:aws:s3:::"), .reference(bucket), .literal("/*")]))
        #expect(value("SubAttr") == .text([.reference(arn), .literal("/logs")]))
        #expect(value("SubResource")?.jsonValue == nil)
        #expect(value("SubResource")?.resolved { _ in .string("my-bucket") } == .string("arn:aws:s3:::my-bucket/*"))
    }

    @Test func joinSplitAndSelect() {
        #expect(value("Join") == .known(.string("a-prod-b")))
        #expect(value("JoinResource") == .text([.literal("prefix-"), .reference(bucket)]))
        #expect(value("Split")?.jsonValue == .array([.string("a"), .string("b"), .string("c")]))
        #expect(value("Select") == .known(.string("10.1.0.0/16")))
        #expect(value("SelectSplit") == .known(.string("z")))
        var arn = bucket
        arn.attribute = "Arn"
        #expect(value("Long") == .text([.literal("prod:"), .reference(arn)]))
    }

    @Test func ifAndNoValue() {
        #expect(value("If") == .known(.string("big")))
        #expect(value("IfNoValue") == nil, "AWS::NoValue removes the property")
        #expect(value("ListWithNoValue")?.jsonValue == .array([.string("one"), .string("two")]))
        #expect(value("Equals") == .known(.bool(true)))
    }

    @Test func findInMap() {
        #expect(value("FindInMap") == .known(.string("ami-eu")))
        #expect(value("FindInMapList")?.jsonValue == .array([.string("a"), .string("b")]))
        #expect(value("FindInMapDefault") == .known(.string("ami-default")))
    }

    @Test func valuesKnownOnlyAtDeployTimeAreUnknownWithAReason() throws {
        let imported = try #require(value("ImportValue")?.unknownReason)
        #expect(imported.contains("shared-vpc-id"))
        #expect(value("StackId")?.unknownReason?.contains("AWS::StackId") == true)
    }

    @Test func getAZsBase64AndCidr() {
        let zones = JSONValue.array([.string("eu-west-1a"), .string("eu-west-1b"), .string("eu-west-1c")])
        #expect(value("GetAZs")?.jsonValue == zones)
        #expect(value("GetAZsRegion")?.jsonValue == zones)
        #expect(value("Base64") == .known(.string("aGVsbG8=")))
        #expect(
            value("Cidr")?.jsonValue
                == .array([.string("10.0.0.0/24"), .string("10.0.1.0/24"), .string("10.0.2.0/24")]))
        #expect(value("CidrV6")?.jsonValue == .array([.string("2001:db8::/64"), .string("2001:db8:0:1::/64")]))
    }

    @Test func scalarsFollowTheYAMLCoreSchema() {
        #expect(value("AccountId") == .known(.string("012345670123")))
    }

    @Test func conditionsDropAndKeepResources() {
        #expect(template.resource("DevOnly") == nil)
        #expect(template.excludedResources == ["DevOnly"])
        #expect(template.resource("ProdOnly")?.condition == "Either")
        #expect(template.resource("ProdOnly")?.dependsOn == ["Bucket"])
        #expect(template.outputs["DevThing"] == nil)
        #expect(template.outputs["BucketArn"]?.value.reference?.attribute == "Arn")
    }

    @Test func valuesCarryTheLineOfTheirIntrinsic() {
        #expect(template.value("Thing", "SubMap")?.location.line == 36)
        #expect(template.value("Thing", "SubMap")?.location.column == 15)
        #expect(template.value("Thing", "Select")?.location.line == 43)
    }

    @Test func withoutAZsOrRegionTheValuesAreUnknown() throws {
        let bare = try Fixture.load("intrinsics.yaml", context: TemplateContext(account: "111122223333"))
        #expect(bare.value("Thing", "GetAZs")?.value.unknownReason != nil)
        #expect(bare.value("Thing", "SubPlain")?.value.unknownReason?.contains("AWS::Region") == true)
        #expect(bare.value("Thing", "FindInMap")?.value.unknownReason != nil)
        // ProdInIreland compares the unknown region, but IsDev is false: Either is undecided, so ProdOnly
        // stays in with the reason.
        #expect(bare.resource("ProdOnly")?.conditionUnknownReason != nil)
        #expect(bare.resource("ProdOnly")?.scope == nil)
    }

    @Test func theJSONTemplateGivesTheSameResources() throws {
        let json = try Fixture.load("intrinsics.json")
        #expect(Self.comparable(json) == Self.comparable(template))
        let article = try Fixture.load("article-endpoint-service.json", parameters: ArticleTemplateTests.parameters)
        let articleYAML = try Fixture.load("article-endpoint-service.yaml", parameters: ArticleTemplateTests.parameters)
        #expect(Self.comparable(article) == Self.comparable(articleYAML))
        #expect(
            article.resource("EndpointService")?.location
                == TemplateLocation(file: Fixture.url("article-endpoint-service.json").path, line: 174, column: 3))
    }

    /// Each resource's properties with locations dropped and references spelled out.
    static func comparable(_ template: LoadedTemplate) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for resource in template.resources {
            var properties: JSONObject = ["Type": .string(resource.type)]
            for (key, value) in resource.properties {
                properties[key] =
                    value.value.resolved { .string($0.description) }
                    ?? .string("unknown: \(value.value.unknownReason ?? "")")
            }
            result[resource.logicalId] = .object(properties)
        }
        return result
    }
}

/// Intrinsics over values known only after deployment give unknown (with a reason), never a guess.
@Suite struct UnknownIntrinsicTests {
    static let text = """
        Conditions:
          InIreland: !Equals [!Ref "AWS::Region", eu-west-1]
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
          Thing:
            Type: AWS::Test::Thing
            Properties:
              SplitRef: !Split [",", !GetAtt Vpc.CidrBlockAssociations]
              Base64Ref: !Base64 {"Fn::Sub": "x-${Vpc}"}
              SelectRef: !Select [0, !GetAtt Vpc.Ipv6CidrBlocks]
              JoinImport: !Join [",", !Split [",", !ImportValue shared-list]]
              CidrRef: !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]
              SelectIndex: !Select [!ImportValue index, [a, b]]
              Transform: {"Fn::Transform": {Name: AWS::Include}}
              Length: !Length [a, b]
              IfUndecided: !If [InIreland, a, b]
              JoinWithHole: !Join ["", [!ImportValue prefix, "-", !Ref Vpc]]
        """

    @Test func eachGivesAReason() throws {
        let template = try Fixture.loadText(
            "Transform: AWS::LanguageExtensions\n" + Self.text, context: TemplateContext(account: "111122223333"))
        // plinv expands the language extensions itself: they are not a transform left to CloudFormation.
        #expect(template.transforms == [])
        let thing = try #require(template.resource("Thing"))
        #expect(thing[property: "Length"]?.value == .known(.integer(2)))
        for property in [
            "SplitRef", "Base64Ref", "SelectRef", "JoinImport", "CidrRef", "SelectIndex", "Transform", "IfUndecided",
        ] {
            let value = thing[property: property]?.value
            guard case .unknown(let reason)? = value else {
                Issue.record("\(property) should be unknown, is \(String(describing: value))")
                continue
            }
            #expect(!reason.isEmpty)
        }
        #expect(thing[property: "JoinImport"]?.value.unknownReason?.contains("shared-list") == true)
        #expect(thing[property: "IfUndecided"]?.value.unknownReason?.contains("AWS::Region") == true)
        // A string with an import and a reference keeps both holes.
        let vpc = ResourceReference(logicalId: "Vpc", resourceType: "AWS::EC2::VPC")
        guard case .text(let parts)? = thing[property: "JoinWithHole"]?.value else {
            Issue.record("JoinWithHole should be a text with holes")
            return
        }
        #expect(parts.count == 3)
        #expect(parts[1] == .literal("-"))
        #expect(parts[2] == .reference(vpc))
        #expect(thing.references.contains(vpc))
    }
}
