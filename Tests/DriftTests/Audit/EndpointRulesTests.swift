import Testing

@testable import Drift
import PrivateLinkModel

/// The endpoint rules read each member of a record once, through shortcuts that must answer as the lists they replace.
@Suite struct EndpointRulesTests {
    /// `SubnetIds` as written in a record (nil: the member is absent).
    @Test(arguments: [
        nil, "[]", #"["subnet-a"]"#, #"["subnet-a","subnet-b"]"#, #"[1,"subnet-a"]"#, #"["subnet-a",null]"#,
        "[1,2]", #"[["subnet-a"]]"#, #""subnet-a""#, #"["subnet-a",{"SubnetId":"subnet-b"}]"#,
        #"["subnet-a","subnet-a"]"#,
    ])
    func theOnlySubnetIsWhatTheListHoldsWhenItHoldsOne(subnetIds: String?) throws {
        let member = subnetIds.map { #","SubnetIds":"# + $0 } ?? ""
        let record = try JSONValue.parse(#"{"VpcEndpointId":"vpce-1""# + member + "}")
        let endpoint = VPCEndpoint(scope: Scope(account: "111111111111", region: "eu-west-1"), raw: record)
        let subnets = endpoint.subnetIds
        #expect(endpoint.onlySubnetId == (subnets.count == 1 ? subnets.first : nil))
    }
}
