import Drift
import Testing

@Suite struct ServiceAccessViewTests {
    @Test func viewListsPrincipalsAndConsumersWithTrust() throws {
        let inventory = try Fixture.inventory(
            services: [Records.service(acceptance: true)],
            principals: [
                Records.principal("arn:aws:iam::222222222222:root"),
                Records.principal("arn:aws:organizations::222222222222:organization/o-abc123"),
            ],
            connections: [
                Records.connection(owner: "222222222222"),
                #"{"ServiceId":"vpce-svc-1","VpcEndpointId":"vpce-c2","VpcEndpointOwner":"222222222222","VpcEndpointState":"pendingAcceptance"}"#,
                #"{"ServiceId":"vpce-svc-1","VpcEndpointId":"vpce-c3","VpcEndpointOwner":"555555555555","VpcEndpointState":"available"}"#,
            ])
        let views = Auditor().serviceAccess(inventory, trustedAccounts: ["222222222222"])
        let view = try #require(views.first)
        #expect(views.count == 1)
        #expect(view.acceptanceRequired == true)
        #expect(!view.allowsEveryone)
        #expect(view.allowedPrincipals.map(\.kind) == [.account, .organization])
        #expect(view.allowedPrincipals.map(\.trusted) == [true, false])
        #expect(view.consumers.map(\.account) == ["222222222222", "555555555555"])
        #expect(view.consumers[0].connections.map(\.state) == ["available", "pendingAcceptance"])
        #expect(view.consumers[0].allowed && view.consumers[0].trusted)
        // Covered only by an untrusted organization: allowed (membership assumed) but not trusted.
        #expect(view.consumers[1].allowed && !view.consumers[1].trusted)
    }
}

@Suite struct EndpointAccessViewTests {
    @Test func viewShowsReachAndPolicy() throws {
        let inventory = try Fixture.inventory(
            endpoints: [
                Records.endpoint(groups: ["sg-1", "sg-missing"]),
                #"{"VpcEndpointId":"vpce-2","VpcEndpointType":"Interface","VpcId":"vpc-1","ServiceName":"s","State":"available","PolicyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}"#,
            ],
            groups: [Records.group(ingressCidr: "0.0.0.0/0")])
        let views = Auditor().endpointAccess(inventory)
        #expect(views.map(\.vpcEndpointId) == ["vpce-1", "vpce-2"])
        #expect(views[0].policy == .defaultFullAccess)
        #expect(views[0].securityGroups.map(\.groupId) == ["sg-1", "sg-missing"])
        #expect(views[0].securityGroups[0].admitsAnyAddress)
        #expect(views[0].securityGroups[0].ingress.map(\.ports) == ["tcp 443"])
        #expect(views[0].securityGroups[0].ingress.map(\.sources) == [["0.0.0.0/0"]])
        #expect(views[0].securityGroups[1].groupName.isEmpty)
        #expect(views[1].policy == .restricted)
        #expect(views[1].policyDocument?["Statement"] != nil)
    }
}
