import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

/// What plinv cannot know is never drift: imported ids, transforms, parts the loader did not evaluate,
/// NoEcho parameters, and a template whose account and region nobody gave.
@Suite struct DriftIncompleteTests {
    static let imported = "Fn::ImportValue app-service-id is not an export of this scope"
    static let outsider = "arn:aws:iam::333333333333:root"

    func detect(_ templates: [LoadedTemplate], _ inventory: Inventory, succeeded: Set<Scope> = [Fixture.scope])
        -> DriftReport
    {
        DriftDetector().detect(templates, inventory: inventory, succeededScopes: succeeded)
    }

    /// The scenario with the permissions' `ServiceId` replaced.
    static func resources(serviceId: Located<DesiredValue>, scope: Scope? = Fixture.scope) throws -> [DesiredResource] {
        try Scenario.resources().map { resource in
            var copy = resource
            copy.scope = scope
            if copy.logicalId == "EndpointServicePermissions" { copy.properties["ServiceId"] = serviceId }
            return copy
        }
    }

    /// Live principals: the declared one and one nobody declared.
    static func inventory() throws -> Inventory {
        try Scenario.inventory(principals: [
            Records.principal("arn:aws:iam::222222222222:root"), Records.principal(outsider),
        ])
    }

    @Test func anImportedServiceIdNeverMakesPrincipalsExtra() throws {
        let resources = try Self.resources(serviceId: Desired.unknown(Self.imported, line: 39))
        let report = detect([Desired.template(resources)], try Self.inventory())
        #expect(!report.findings.contains { $0.rule == "drift.principal.extra" }, "\(report.findings.map(\.message))")
        #expect(report.findings.isEmpty)
        let row = try #require(
            report.notVerified.first { $0.logicalId == "EndpointService" && $0.attribute == "AllowedPrincipals" })
        #expect(row.reason.contains("EndpointServicePermissions") && row.reason.contains("Fn::ImportValue"))
        #expect(
            report.notVerified.contains {
                $0.logicalId == "EndpointServicePermissions" && $0.reason.contains("Fn::ImportValue")
            })
    }

    @Test func anImportedServiceIdInAnUnknownScopeSuspendsExtrasEverywhere() throws {
        // The permissions have no scope; the service is scoped. The permissions could be bound to it.
        var resources = try Self.resources(serviceId: Desired.unknown(Self.imported, line: 39))
        let index = try #require(resources.firstIndex { $0.logicalId == "EndpointServicePermissions" })
        resources[index].scope = nil
        let template = LoadedTemplate(file: Desired.file, resources: resources, stackName: "app", scope: nil)
        let report = detect([template], try Self.inventory())
        #expect(!report.findings.contains { $0.rule == "drift.principal.extra" })
    }

    @Test func anImportedServiceIdInAnotherScopeDoesNotSuspendThisOne() throws {
        let there = Scope(account: "999999999999", region: "us-east-1")
        let permissions = try Self.resources(serviceId: Desired.unknown(Self.imported, line: 39), scope: there)
            .filter { $0.logicalId == "EndpointServicePermissions" }
        var elsewhere = LoadedTemplate(file: "access.yaml", resources: permissions, stackName: "access", scope: there)
        elsewhere.scope = there
        let service = try Scenario.resources().filter { $0.logicalId != "EndpointServicePermissions" }
        let report = detect(
            [Desired.template(service), elsewhere], try Self.inventory(), succeeded: [Fixture.scope, there])
        let extra = report.findings.filter { $0.rule == "drift.principal.extra" }
        #expect(Set(extra.compactMap(\.actual)) == [.string("arn:aws:iam::222222222222:root"), .string(Self.outsider)])
    }

    @Test func aServiceIdThatResolvesBindsNormally() throws {
        let resources = try Self.resources(serviceId: Desired.string("vpce-svc-1", line: 39))
        let report = detect([Desired.template(resources)], try Self.inventory())
        let extra = try #require(report.findings.first { $0.rule == "drift.principal.extra" })
        #expect(extra.actual == .string(Self.outsider) && extra.severity == .high)
        // The service itself was matched by natural key (its load balancer's name): the finding says so.
        #expect(extra.matchedBy == "naturalKey")
        #expect(report.findings.count == 1)
    }

    @Test func anImportThroughExportsResolvesAndBinds() throws {
        let text = """
            Resources:
              Permissions:
                Type: AWS::EC2::VPCEndpointServicePermissions
                Properties:
                  ServiceId: !ImportValue app-service-id
                  AllowedPrincipals:
                    - arn:aws:iam::222222222222:root
            """
        let context = TemplateContext(
            account: Fixture.scope.account, region: Fixture.scope.region, stackName: "access",
            exports: ["app-service-id": "vpce-svc-1"])
        let template = try TemplateLoader().load(text: text, file: "access.yaml", context: context)
        let report = detect([template], try Self.inventory())
        #expect(report.matched.first { $0.logicalId == "Permissions" }?.resourceId == "vpce-svc-1")
        #expect(
            report.findings.filter { $0.rule == "drift.principal.extra" }.compactMap(\.actual) == [
                .string(Self.outsider)
            ])
    }

    @Test func aTransformPlinvDoesNotExpandMakesEveryCheckedResourceNotVerified() throws {
        var template = Desired.template(try Scenario.resources())
        template.transforms = ["AWS::Serverless-2016-10-31"]
        let report = detect([template], try Fixture.inventory())
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        let checked = ["NLB", "EndpointService", "EndpointServicePermissions", "EndpointSG", "EC2Endpoint"]
        for logicalId in checked {
            let row = report.notVerified.first { $0.logicalId == logicalId && $0.attribute == nil }
            #expect(row?.reason.contains("transform AWS::Serverless-2016-10-31") == true, "\(logicalId)")
            #expect(row?.reason.contains("--stacks") == true)
        }
    }

    @Test func languageExtensionsAreNotAnObstacle() throws {
        var template = Desired.template(try Scenario.resources())
        template.transforms = ["AWS::LanguageExtensions"]
        let report = detect([template], try Scenario.inventory(endpoints: []))
        #expect(report.findings.map(\.rule) == ["drift.missing"])
    }

    @Test func partsTheLoaderDidNotEvaluateAreNotVerifiedRows() throws {
        var template = Desired.template(try Scenario.resources())
        template.notEvaluated = [
            NotEvaluatedPart(
                logicalId: nil, reason: "AWS::Include of s3://bucket/snippet.yaml is not read offline",
                location: Desired.at(90)),
            NotEvaluatedPart(
                logicalId: "EC2Endpoint", reason: "Fn::ForEach over an unknown list", location: Desired.at(50)),
        ]
        let stray =
            #"{"VpcEndpointId":"vpce-9","VpcEndpointType":"Gateway","VpcId":"vpc-1","ServiceName":"s3","State":"available"}"#
        let report = detect([template], try Scenario.inventory(endpoints: [stray]))
        #expect(report.notVerified.contains { $0.reason.contains("AWS::Include") && $0.source.line == 90 })
        #expect(report.notVerified.contains { $0.logicalId == "EC2Endpoint" && $0.reason.contains("Fn::ForEach") })
        // An included part may declare anything: nothing in the template's scope is "unmanaged", and the
        // endpoint the ForEach touches is not "missing".
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    }

    @Test func aPartOfNoDeclaredResourceIsARowAndSuspendsUnmanaged() throws {
        // A loop plinv could not expand: the endpoints it would declare are unknown, so a live endpoint nobody
        // else declares may be one of them.
        var template = Desired.template(try Scenario.resources())
        template.notEvaluated = [
            NotEvaluatedPart(
                logicalId: "Fn::ForEach::Endpoints",
                reason: "Fn::ForEach over parameter Services, which is not known offline",
                location: Desired.at(120))
        ]
        let stray =
            #"{"VpcEndpointId":"vpce-9","VpcEndpointType":"Interface","VpcId":"vpc-1","ServiceName":"s3","State":"available"}"#
        let report = detect([template], try Scenario.inventory(endpoints: [Scenario.liveEndpoint(), stray]))
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        #expect(report.notVerified.contains { $0.logicalId == "Fn::ForEach::Endpoints" && $0.source.line == 120 })
    }

    @Test func aNoEchoValueNeverAppearsInAnyFindingOrRow() throws {
        let text = """
            Parameters:
              Secret:
                Type: String
                NoEcho: true
                Default: hunter2
            Resources:
              EndpointSG:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupName: vpc-endpoint-ec2-sg
                  GroupDescription: !Ref Secret
                  VpcId: vpc-1
                  Tags:
                    - Key: secret
                      Value: !Sub "x-${Secret}"
              EC2Endpoint:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcEndpointType: Interface
                  ServiceName: !Sub "com.amazonaws.eu-west-1.${Secret}"
                  VpcId: vpc-1
                  SecurityGroupIds: [!Ref EndpointSG]
            """
        let context = TemplateContext(account: Fixture.scope.account, region: Fixture.scope.region, stackName: "app")
        let template = try TemplateLoader().load(text: text, file: "secret.yaml", context: context)
        let report = detect([template], try Scenario.inventory())
        let rendered = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!rendered.contains("hunter2"), "\(rendered)")
    }

    @Test func withNoScopeFromAnyoneNothingIsMissingEvenWithOneCollectedScope() throws {
        let resources = try Scenario.resources().map { resource in
            var copy = resource
            copy.scope = nil
            return copy
        }
        let template = LoadedTemplate(file: Desired.file, resources: resources, stackName: "app", scope: nil)
        let report = detect([template], try Scenario.inventory(endpoints: []))
        #expect(!report.findings.contains { $0.kind == .missing }, "\(report.findings.map(\.message))")
        #expect(
            report.notVerified.contains {
                $0.logicalId == "EC2Endpoint" && $0.reason.contains("account and region unknown")
            })
        // What can be matched still is, across scopes.
        #expect(report.matched.first { $0.logicalId == "EndpointService" }?.scope == Fixture.scope)
    }
}
