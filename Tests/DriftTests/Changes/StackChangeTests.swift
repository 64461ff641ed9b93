import Drift
import Foundation
import PrivateLinkModel
import Testing

/// Stack creations, deletions and updates between two snapshots (`change.stack.*`).
@Suite struct StackChangeTests {
    static let scope = Fixture.scope
    static let serviceId = "vpce-svc-0123456789abcdef0"

    static func stack(
        _ name: String = "orders", id: String = "1", status: String = "CREATE_COMPLETE", updated: String? = nil,
        parameters: [String: String] = ["Application": "orders", "Password": "****"], template: String? = "v1",
        physicalId: String = serviceId
    ) -> DeployedStack {
        var raw: JSONObject = [
            "StackName": .string(name),
            "StackId": .string("arn:aws:cloudformation:eu-west-1:111111111111:stack/\(name)/\(id)"),
            "StackStatus": .string(status),
            "Parameters": .array(
                parameters.keys.sorted().map {
                    .object(["ParameterKey": .string($0), "ParameterValue": .string(parameters[$0] ?? "")])
                }),
        ]
        if let updated { raw["LastUpdatedTime"] = .string(updated) }
        return DeployedStack(
            scope: scope, raw: .object(raw),
            resources: [
                StackResource(
                    logicalId: "Service", physicalId: physicalId, type: "AWS::EC2::VPCEndpointService",
                    status: "CREATE_COMPLETE")
            ], templateBody: template)
    }

    static func service(acceptance: Bool) throws -> String {
        #"{"ServiceId": "\#(serviceId)", "ServiceName": "com.amazonaws.vpce.eu-west-1.\#(serviceId)", "AcceptanceRequired": \#(acceptance)}"#
    }

    static func snapshot(
        _ stacks: [DeployedStack], read: Bool = true, acceptance: Bool = true, day: Double = 0
    ) throws -> Snapshot {
        Snapshot(
            takenAt: Fixture.now.addingTimeInterval(day * 86_400), status: .complete,
            scopes: [ScopeStatus(scope: scope, state: .ok)],
            inventory: try Fixture.inventory(services: [try service(acceptance: acceptance)]),
            stacks: stacks, stackScopes: read ? [scope] : [])
    }

    func stackFindings(_ old: Snapshot, _ new: Snapshot) -> [Finding] {
        ChangeDetector().changes(from: old, to: new).filter { $0.rule.hasPrefix("change.stack.") }
    }

    @Test func anUnchangedStackIsNoChange() throws {
        #expect(stackFindings(try Self.snapshot([Self.stack()]), try Self.snapshot([Self.stack()], day: 1)).isEmpty)
    }

    @Test func creationAndDeletionAreInfoFindingsNamingTheStack() throws {
        let created = stackFindings(try Self.snapshot([]), try Self.snapshot([Self.stack()], day: 1))
        #expect(created.map(\.rule) == ["change.stack.created"])
        #expect(created.first?.severity == .info)
        #expect(created.first?.resourceId == "orders")
        #expect(created.first?.resourceType == "AWS::CloudFormation::Stack")
        #expect(created.first?.message.contains("orders") == true)
        let deleted = stackFindings(try Self.snapshot([Self.stack()]), try Self.snapshot([], day: 1))
        #expect(deleted.map(\.rule) == ["change.stack.deleted"])
    }

    @Test func recreatingAStackOfTheSameNameIsADeletionAndACreation() throws {
        let found = stackFindings(
            try Self.snapshot([Self.stack(id: "1")]), try Self.snapshot([Self.stack(id: "2")], day: 1))
        #expect(found.map(\.rule).sorted() == ["change.stack.created", "change.stack.deleted"])
    }

    @Test(arguments: [
        ("StackStatus", stack(status: "UPDATE_COMPLETE")),
        ("LastUpdatedTime", stack(updated: "2026-11-27T10:00:00.000Z")),
        ("TemplateBody", stack(template: "v2")),
        ("Parameters", stack(parameters: ["Application": "payments", "Password": "****"])),
    ])
    func eachKindOfUpdateIsNamed(attribute: String, updated: DeployedStack) throws {
        let found = stackFindings(try Self.snapshot([Self.stack()]), try Self.snapshot([updated], day: 1))
        #expect(found.map(\.rule) == ["change.stack.updated"])
        #expect(found.first?.attribute == attribute)
        #expect(found.first?.severity == .info)
    }

    @Test func parametersShowOnlyWhatChangedAndNeverANoEchoValue() throws {
        let old = Self.stack(parameters: ["Application": "orders", "Password": "****", "Vpc": "vpc-1"])
        let new = Self.stack(parameters: ["Application": "payments", "Password": "****", "Vpc": "vpc-1"])
        let finding = try #require(stackFindings(try Self.snapshot([old]), try Self.snapshot([new], day: 1)).first)
        #expect(finding.expected?["Parameters"] == .object(["Application": .string("orders")]))
        #expect(finding.actual?["Parameters"] == .object(["Application": .string("payments")]))
        #expect(finding.message.contains("Application") && !finding.message.contains("****"))
    }

    @Test func aTemplateReadOnOneSideOnlyIsNotATemplateChange() throws {
        let found = stackFindings(
            try Self.snapshot([Self.stack(template: nil)]), try Self.snapshot([Self.stack()], day: 1))
        #expect(found.isEmpty)
    }

    @Test func snapshotsThatDidNotReadStacksSayNothingAboutThem() throws {
        let withStacks = try Self.snapshot([Self.stack()])
        let without = try Self.snapshot([], read: false, day: 1)
        #expect(stackFindings(withStacks, without).isEmpty)
        #expect(stackFindings(without, withStacks).isEmpty)
    }

    @Test func theUpdateNamesTheResourceChangesItCausedNextToIt() throws {
        let old = try Self.snapshot([Self.stack()], acceptance: true)
        let new = try Self.snapshot([Self.stack(status: "UPDATE_COMPLETE")], acceptance: false, day: 1)
        let all = ChangeDetector().changes(from: old, to: new)
        #expect(all.contains { $0.rule == "change.acceptance.disabled" && $0.resourceId == Self.serviceId })
        let update = try #require(all.first { $0.rule == "change.stack.updated" })
        #expect(update.message.contains(Self.serviceId))
        let unrelated = try Self.snapshot(
            [Self.stack(status: "UPDATE_COMPLETE", physicalId: "vpce-svc-other")],
            acceptance: false, day: 1)
        let elsewhere = try #require(
            ChangeDetector().changes(from: old, to: unrelated).first { $0.rule == "change.stack.updated" })
        #expect(!elsewhere.message.contains(Self.serviceId))
    }

    @Test func findingIdsAreStableAndDistinct() throws {
        let old = try Self.snapshot([Self.stack(), Self.stack("payments")])
        let new = try Self.snapshot([Self.stack(status: "UPDATE_COMPLETE")], day: 1)
        let first = stackFindings(old, new), second = stackFindings(old, new)
        #expect(first.map(\.id) == second.map(\.id))
        #expect(Set(first.map(\.id)).count == first.count && first.count == 2)
    }
}
