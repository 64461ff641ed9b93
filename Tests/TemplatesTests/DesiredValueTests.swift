import PrivateLinkModel
import Testing
import Templates

/// The questions the drift engine asks of a desired value.
@Suite struct DesiredValueTests {
    static let here = TemplateLocation(file: "t.yaml", line: 3, column: 5)
    static let loadBalancer = ResourceReference(
        logicalId: "NLB", resourceType: "AWS::ElasticLoadBalancingV2::LoadBalancer")

    func located(_ value: DesiredValue) -> Located<DesiredValue> { Located(value, at: Self.here) }

    @Test func aFullyKnownValueIsPlainJSON() {
        let value = DesiredValue.object([
            "A": located(.list([located(.known(.string("x")))])), "B": located(.known(.integer(1))),
        ])
        #expect(value.jsonValue == .object(["A": .array([.string("x")]), "B": .integer(1)]))
        #expect(value.isFullyKnown)
        #expect(value.unknownReason == nil)
        #expect(value.references.isEmpty)
    }

    @Test func referencesResolveThroughTheLookup() {
        let value = DesiredValue.list([
            located(.reference(Self.loadBalancer)), located(.text([.literal("svc-"), .reference(Self.loadBalancer)])),
        ])
        #expect(value.jsonValue == nil)
        #expect(!value.isFullyKnown)
        #expect(value.unknownReason == nil, "a reference is resolvable, not unknown")
        #expect(value.references == [Self.loadBalancer, Self.loadBalancer])
        #expect(
            value.resolved { $0 == Self.loadBalancer ? .string("arn:lb") : nil }
                == .array([.string("arn:lb"), .string("svc-arn:lb")]))
        #expect(value.resolved { _ in nil } == nil)
    }

    @Test func anUnknownPartMakesTheWholeUnresolvable() {
        let value = DesiredValue.object(["A": located(.text([.literal("x"), .unknown(reason: "import")]))])
        #expect(value.unknownReason == "import")
        #expect(value.resolved { _ in .string("y") } == nil)
    }

    @Test func valueAtWalksObjectsAndLists() {
        let resource = DesiredResource(
            logicalId: "E", type: "AWS::EC2::VPCEndpoint",
            properties: [
                "PolicyDocument": located(
                    .object([
                        "Statement": located(.list([located(.object(["Effect": located(.known(.string("Allow")))]))]))
                    ]))
            ],
            location: Self.here)
        #expect(resource.value(at: "PolicyDocument.Statement.0.Effect")?.value == .known(.string("Allow")))
        #expect(resource.value(at: "PolicyDocument.Statement.1.Effect") == nil)
        #expect(resource.value(at: "PolicyDocument.Missing") == nil)
        #expect(resource[property: "Nope"] == nil)
    }
}
