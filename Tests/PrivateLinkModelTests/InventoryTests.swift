import PrivateLinkModel
import Testing

/// The canonical order of an inventory's lists.
@Suite struct InventoryTests {
    /// An endpoint in `account`/`region` with id `id`, told apart from others of the same id by `type`.
    static func endpoint(_ account: String, _ region: String, _ id: String, type: String = "Interface") -> VPCEndpoint {
        VPCEndpoint(
            scope: Scope(account: account, region: region),
            raw: .object(["VpcEndpointId": .string(id), "VpcEndpointType": .string(type)]))
    }

    /// What identifies an endpoint in these tests: account, region, id and type.
    static func keys(_ endpoints: [VPCEndpoint]) -> [String] {
        endpoints.map { "\($0.scope.account) \($0.scope.region) \($0.resourceId) \($0.vpcEndpointType)" }
    }

    /// Lists out of order come back ordered by account, then region, then id; equal keys keep the order they came
    /// in, whichever end of the list they sit at.
    @Test func listsAreOrderedByScopeThenIdAndEqualKeysKeepTheirOrder() {
        let endpoints = [
            Self.endpoint("222222222222", "eu-west-1", "vpce-1"),
            Self.endpoint("111111111111", "us-east-1", "vpce-2", type: "first"),
            Self.endpoint("111111111111", "eu-west-1", "vpce-9"),
            Self.endpoint("111111111111", "us-east-1", "vpce-10"),
            Self.endpoint("111111111111", "us-east-1", "vpce-2", type: "second"),
            Self.endpoint("111111111111", "eu-west-1", "vpce-3"),
            Self.endpoint("111111111111", "us-east-1", "vpce-2", type: "third"),
        ]
        let sorted = Inventory(vpcEndpoints: endpoints).sorted()
        #expect(
            Self.keys(sorted.vpcEndpoints) == [
                "111111111111 eu-west-1 vpce-3 Interface",
                "111111111111 eu-west-1 vpce-9 Interface",
                "111111111111 us-east-1 vpce-10 Interface",
                "111111111111 us-east-1 vpce-2 first",
                "111111111111 us-east-1 vpce-2 second",
                "111111111111 us-east-1 vpce-2 third",
                "222222222222 eu-west-1 vpce-1 Interface",
            ])
        let reversed = Inventory(vpcEndpoints: endpoints.reversed()).sorted()
        #expect(
            Self.keys(reversed.vpcEndpoints).filter { $0.contains("vpce-2 ") } == [
                "111111111111 us-east-1 vpce-2 third",
                "111111111111 us-east-1 vpce-2 second",
                "111111111111 us-east-1 vpce-2 first",
            ])
    }

    /// A list whose only disorder is its last pair, or its first, is still sorted: the check for a list already in
    /// order looks at every neighbour.
    @Test(arguments: [["vpce-1", "vpce-2", "vpce-4", "vpce-3"], ["vpce-2", "vpce-1", "vpce-3", "vpce-4"]])
    func aListOutOfOrderAtOneEndIsSorted(ids: [String]) {
        let endpoints = ids.map { Self.endpoint("111111111111", "eu-west-1", $0) }
        let sorted = Inventory(vpcEndpoints: endpoints).sorted()
        #expect(sorted.vpcEndpoints.map(\.resourceId) == ["vpce-1", "vpce-2", "vpce-3", "vpce-4"])
    }

    /// Every kind's list is put in order, each by its own id.
    @Test func everyKindIsOrdered() {
        let east = Scope(account: "111111111111", region: "us-east-1")
        let west = Scope(account: "111111111111", region: "eu-west-1")
        let inventory = Inventory(
            endpointServices: [
                EndpointService(scope: east, raw: .object(["ServiceId": .string("vpce-svc-1")])),
                EndpointService(scope: west, raw: .object(["ServiceId": .string("vpce-svc-2")])),
            ],
            allowedPrincipals: [
                AllowedPrincipal(
                    scope: west, raw: .object(["ServiceId": .string("vpce-svc-2"), "Principal": .string("b")])),
                AllowedPrincipal(
                    scope: west, raw: .object(["ServiceId": .string("vpce-svc-1"), "Principal": .string("a")])),
            ],
            connections: [
                EndpointConnection(scope: west, raw: .object(["VpcEndpointId": .string("vpce-2")])),
                EndpointConnection(scope: west, raw: .object(["VpcEndpointId": .string("vpce-1")])),
            ],
            vpcEndpoints: [Self.endpoint("2", "a", "vpce-1"), Self.endpoint("1", "b", "vpce-2")],
            securityGroups: [
                SecurityGroup(scope: west, raw: .object(["GroupId": .string("sg-2")])),
                SecurityGroup(scope: west, raw: .object(["GroupId": .string("sg-1")])),
            ],
            loadBalancers: [
                LoadBalancer(scope: west, raw: .object(["LoadBalancerArn": .string("arn:b")])),
                LoadBalancer(scope: west, raw: .object(["LoadBalancerArn": .string("arn:a")])),
            ])
        let sorted = inventory.sorted()
        #expect(sorted.endpointServices.map(\.scope) == [west, east])
        #expect(sorted.allowedPrincipals.map(\.resourceId) == inventory.allowedPrincipals.reversed().map(\.resourceId))
        #expect(sorted.connections.map(\.resourceId) == inventory.connections.reversed().map(\.resourceId))
        #expect(sorted.vpcEndpoints.map(\.scope.account) == ["1", "2"])
        #expect(sorted.securityGroups.map(\.resourceId) == ["sg-1", "sg-2"])
        #expect(sorted.loadBalancers.map(\.resourceId) == ["arn:a", "arn:b"])
    }
}
