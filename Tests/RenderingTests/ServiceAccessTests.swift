import Foundation
import PrivateLinkModel
import Rendering
import Testing

@Suite struct ServiceAccessTests {
    @Test func rowsGatherEachServicesPrincipalsAndConnections() throws {
        var inventory = ReportFixtures.inventory()
        let other = EndpointService(
            scope: Scope(account: ReportFixtures.owner, region: "eu-central-1"),
            raw: .object(["ServiceId": .string("vpce-svc-000lonely"), "AcceptanceRequired": .bool(false)]))
        inventory.endpointServices.insert(other, at: 0)
        let rows = ServiceAccess.rows(from: inventory)
        #expect(rows.map(\.serviceId) == ["vpce-svc-000lonely", "vpce-svc-0a1b2c3d4e5f60718"])
        #expect(rows[0].connections.isEmpty && rows[0].allowedPrincipals.isEmpty)
        let service = rows[1]
        #expect(service.acceptanceRequired == true)
        #expect(service.allowedPrincipals == ["arn:aws:iam::444455556666:root"])
        #expect(service.connections.map(\.account) == ["222233334444", "444455556666", "444455556666", "777788889999"])
    }

    @Test(arguments: [
        ("available", ConnectionStateClass.available), ("Available", .available),
        ("pendingAcceptance", .pendingAcceptance), ("pending-acceptance", .pendingAcceptance),
        ("rejected", .rejected), ("failed", .other), ("expired", .other), ("", .other),
    ])
    func statesAreClassifiedIgnoringCase(state: String, expected: ConnectionStateClass) {
        #expect(ConnectionStateClass(state) == expected)
    }

    @Test func pictureShowsServicesWithoutConsumersAndOtherStates() throws {
        var report = ReportFixtures.report()
        report.whoCanConnect = [
            ServiceAccess(
                scope: ReportFixtures.scope, serviceId: "vpce-svc-1", serviceName: "one", acceptanceRequired: true,
                allowedPrincipals: [], connections: []),
            ServiceAccess(
                scope: ReportFixtures.scope, serviceId: "vpce-svc-2", serviceName: "two", acceptanceRequired: true,
                allowedPrincipals: [],
                connections: [ConsumerConnection(account: "999999999999", vpcEndpointId: "vpce-9", state: "failed")]),
        ]
        let html = try HTMLRenderer().render(report)
        #expect(html.contains("class=\"edge edge-other\""))
        #expect(html.contains(">vpce-svc-1</text>"))
        #expect(html.contains("999999999999 → vpce-svc-2: 1 endpoint failed"), "the state as AWS says it")
        let markdown = try MarkdownRenderer().render(report)
        #expect(markdown.contains("| vpce-svc-1 in 111122223333 / eu-west-1 | required | — | — | — | no connections |"))
    }

    @Test func noConsumerAtAllIsSaidInWords() throws {
        var report = ReportFixtures.report()
        report.whoCanConnect = [
            ServiceAccess(
                scope: ReportFixtures.scope, serviceId: "vpce-svc-1", serviceName: "one", acceptanceRequired: nil,
                allowedPrincipals: [], connections: [])
        ]
        #expect(try HTMLRenderer().render(report).contains("nobody is allowed and nobody has connected"))
    }
}
