import Testing
import PrivateLinkModel

/// One audit scenario: the inventory records, the trust configuration, and whether `rule` must fire.
struct AuditCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var fires: Bool
    var name: String
    var services: [String] = []
    var principals: [String] = []
    var connections: [String] = []
    var endpoints: [String] = []
    var groups: [String] = []
    var trusted: Set<String> = []
    /// When false, the owner scope is reported as failed.
    var scopeSucceeded = true

    var testDescription: String { "\(rule) \(fires ? "fires" : "is quiet"): \(name)" }
}

/// Reusable raw records.
enum Records {
    static func service(acceptance: Bool = true, extra: String = "") -> String {
        #"{"ServiceId":"vpce-svc-1","ServiceName":"com.amazonaws.vpce.eu-west-1.vpce-svc-1","AcceptanceRequired":\#(acceptance),"NetworkLoadBalancerArns":["arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/nlb/1"]\#(extra)}"#
    }

    static func principal(_ arn: String) -> String {
        #"{"ServiceId":"vpce-svc-1","Principal":"\#(arn)","PrincipalType":"Account"}"#
    }

    static func connection(owner: String, state: String = "available", created: String = "2026-11-01T00:00:00Z")
        -> String
    {
        #"{"ServiceId":"vpce-svc-1","VpcEndpointId":"vpce-c1","VpcEndpointOwner":"\#(owner)","VpcEndpointState":"\#(state)","CreationTimestamp":"\#(created)"}"#
    }

    static func endpoint(
        id: String = "vpce-1", type: String = "Interface", state: String = "available",
        subnets: [String] = ["subnet-a", "subnet-b"],
        groups: [String] = ["sg-1"], policy: String? = nil
    ) -> String {
        let subnetList = subnets.map { "\"\($0)\"" }.joined(separator: ",")
        let groupList = groups.map { #"{"GroupId":"\#($0)","GroupName":"n"}"# }.joined(separator: ",")
        let policyMember = policy.map { ",\"PolicyDocument\":\(jsonString($0))" } ?? ""
        return
            #"{"VpcEndpointId":"\#(id)","VpcEndpointType":"\#(type)","VpcId":"vpc-1","ServiceName":"com.amazonaws.eu-west-1.ec2","State":"\#(state)","SubnetIds":[\#(subnetList)],"Groups":[\#(groupList)]\#(policyMember)}"#
    }

    static func group(id: String = "sg-1", ingressCidr: String, egressCidr: String = "10.0.0.0/8") -> String {
        let ingress =
            ingressCidr.contains(":")
            ? #"{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"Ipv6Ranges":[{"CidrIpv6":"\#(ingressCidr)"}]}"#
            : #"{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"\#(ingressCidr)"}]}"#
        return
            #"{"GroupId":"\#(id)","GroupName":"endpoint-sg","VpcId":"vpc-1","IpPermissions":[\#(ingress)],"IpPermissionsEgress":[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"\#(egressCidr)"}]}]}"#
    }

    /// The text as a JSON string literal (the policy is a string member of the record).
    static func jsonString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static let fullPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#
    static let fullPolicyOtherSpelling =
        #"{ "Statement" : { "Resource":["*"], "Action":["*"], "Principal":{"AWS":"*"}, "Effect":"Allow" } }"#
}

extension AuditCase {
    static let owner = Fixture.scope.account
    static let partner = "222222222222"
    static let stranger = "333333333333"

    /// Every rule: cases that must fire and cases that must not.
    static let all: [AuditCase] = [
        AuditCase(
            rule: "PL001", fires: true, name: "* without acceptance",
            services: [Records.service(acceptance: false)], principals: [Records.principal("*")]),
        AuditCase(
            rule: "PL001", fires: false, name: "* with acceptance",
            services: [Records.service(acceptance: true)], principals: [Records.principal("*")]),
        AuditCase(
            rule: "PL002", fires: true, name: "* with acceptance",
            services: [Records.service(acceptance: true)], principals: [Records.principal("*")]),
        AuditCase(
            rule: "PL002", fires: false, name: "an account principal only",
            services: [Records.service()], principals: [Records.principal("arn:aws:iam::\(partner):root")],
            trusted: [partner]),
        AuditCase(
            rule: "PL002", fires: false, name: "* without acceptance is PL001's",
            services: [Records.service(acceptance: false)], principals: [Records.principal("*")]),
        AuditCase(
            rule: "PL003", fires: true, name: "an untrusted account root",
            services: [Records.service()], principals: [Records.principal("arn:aws:iam::\(stranger):root")],
            trusted: [partner]),
        AuditCase(
            rule: "PL003", fires: true, name: "an untrusted bare account id",
            services: [Records.service()], principals: [Records.principal(stranger)]),
        AuditCase(
            rule: "PL003", fires: true, name: "an untrusted assumed role",
            services: [Records.service()],
            principals: [Records.principal("arn:aws:sts::\(stranger):assumed-role/Admin/me")]),
        AuditCase(
            rule: "PL003", fires: false, name: "a trusted account's role",
            services: [Records.service()], principals: [Records.principal("arn:aws:iam::\(partner):role/Consumer")],
            trusted: [partner]),
        AuditCase(
            rule: "PL003", fires: false, name: "the owner's own user (owner always trusted)",
            services: [Records.service()], principals: [Records.principal("arn:aws:iam::\(owner):user/ops")]),
        AuditCase(
            rule: "PL003", fires: true, name: "an organization not configured as trusted",
            services: [Records.service()],
            principals: [Records.principal("arn:aws:organizations::\(partner):organization/o-abc123")]),
        AuditCase(
            rule: "PL003", fires: false, name: "an OU whose organization is trusted",
            services: [Records.service()],
            principals: [Records.principal("arn:aws:organizations::\(partner):ou/o-abc123/ou-ab12-cd34")],
            trusted: ["o-abc123"]),
        AuditCase(
            rule: "PL003", fires: false, name: "a service principal is not an account",
            services: [Records.service()], principals: [Records.principal("elasticloadbalancing.amazonaws.com")]),
        AuditCase(
            rule: "PL003", fires: true, name: "an unrecognisable principal",
            services: [Records.service()], principals: [Records.principal("arn:aws:iam::not-an-account:root")]),
        AuditCase(
            rule: "PL003", fires: false, name: "* is left to PL001/PL002",
            services: [Records.service()], principals: [Records.principal("*")]),
        AuditCase(
            rule: "PL004", fires: true, name: "a connection no principal covers any more",
            services: [Records.service()], principals: [Records.principal("arn:aws:iam::\(partner):root")],
            connections: [Records.connection(owner: stranger)], trusted: [partner, stranger]),
        AuditCase(
            rule: "PL004", fires: true, name: "an allowed but untrusted consumer (state in capitals)",
            services: [Records.service()], principals: [Records.principal("*")],
            connections: [Records.connection(owner: stranger, state: "AVAILABLE")], trusted: [partner]),
        AuditCase(
            rule: "PL004", fires: false, name: "an allowed, trusted consumer",
            services: [Records.service()], principals: [Records.principal("arn:aws:iam::\(partner):role/R")],
            connections: [Records.connection(owner: partner)], trusted: [partner]),
        AuditCase(
            rule: "PL004", fires: false, name: "a consumer in a trusted organization",
            services: [Records.service()],
            principals: [Records.principal("arn:aws:organizations::\(partner):organization/o-abc123")],
            connections: [Records.connection(owner: stranger)], trusted: ["o-abc123"]),
        AuditCase(
            rule: "PL004", fires: false, name: "a rejected connection carries no access",
            services: [Records.service()], connections: [Records.connection(owner: stranger, state: "Rejected")]),
        AuditCase(
            rule: "PL004", fires: false, name: "a failed scope may be missing its principals",
            services: [Records.service()], connections: [Records.connection(owner: stranger)],
            scopeSucceeded: false),
        AuditCase(
            rule: "PL005", fires: true, name: "pending for 8 days",
            services: [Records.service()],
            connections: [Records.connection(owner: owner, state: "pendingAcceptance", created: Fixture.daysAgo(8))]),
        AuditCase(
            rule: "PL005", fires: true, name: "pending for 8 days, state in other case",
            services: [Records.service()],
            connections: [Records.connection(owner: owner, state: "PendingAcceptance", created: Fixture.daysAgo(8))]),
        AuditCase(
            rule: "PL005", fires: false, name: "pending for 6 days",
            services: [Records.service()],
            connections: [Records.connection(owner: owner, state: "pendingAcceptance", created: Fixture.daysAgo(6))]),
        AuditCase(
            rule: "PL005", fires: false, name: "available for 30 days",
            services: [Records.service()],
            connections: [Records.connection(owner: owner, created: Fixture.daysAgo(30))]),
        AuditCase(rule: "PL006", fires: true, name: "acceptance off", services: [Records.service(acceptance: false)]),
        AuditCase(rule: "PL006", fires: false, name: "acceptance on", services: [Records.service(acceptance: true)]),
        AuditCase(
            rule: "PL007", fires: true, name: "pending verification",
            services: [
                Records.service(
                    extra:
                        #","PrivateDnsName":"api.example.com","PrivateDnsNameConfiguration":{"State":"pendingVerification","Name":"_x"}"#
                )
            ]),
        AuditCase(
            rule: "PL007", fires: false, name: "verified (any case)",
            services: [
                Records.service(
                    extra: #","PrivateDnsName":"api.example.com","PrivateDnsNameConfiguration":{"State":"Verified"}"#)
            ]),
        AuditCase(rule: "PL007", fires: false, name: "no private DNS name", services: [Records.service()]),
        AuditCase(
            rule: "PL008", fires: true, name: "no policy: the default full access",
            endpoints: [Records.endpoint()]),
        AuditCase(
            rule: "PL008", fires: true, name: "an explicit full-access policy",
            endpoints: [Records.endpoint(policy: Records.fullPolicy)]),
        AuditCase(
            rule: "PL008", fires: true, name: "full access spelled with {AWS:*}, lists and odd spacing",
            endpoints: [Records.endpoint(policy: Records.fullPolicyOtherSpelling)]),
        AuditCase(
            rule: "PL008", fires: false, name: "a restricted action",
            endpoints: [
                Records.endpoint(
                    policy:
                        #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:Describe*","Resource":"*"}]}"#)
            ]),
        AuditCase(
            rule: "PL008", fires: false, name: "full access under a condition",
            endpoints: [
                Records.endpoint(
                    policy:
                        #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}"#
                )
            ]),
        AuditCase(
            rule: "PL008", fires: true, name: "full access minus a deny is still full access to everything else",
            endpoints: [
                Records.endpoint(
                    policy:
                        #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"ec2:Delete*","Resource":"*"}]}"#
                )
            ]),
        AuditCase(
            rule: "PL008", fires: false, name: "a gateway endpoint is not an interface endpoint",
            endpoints: [Records.endpoint(type: "Gateway", subnets: [], groups: [])]),
        AuditCase(
            rule: "PL009", fires: true, name: "0.0.0.0/0 ingress on an interface endpoint's group",
            endpoints: [Records.endpoint()], groups: [Records.group(ingressCidr: "0.0.0.0/0")]),
        AuditCase(
            rule: "PL009", fires: true, name: "::/0 ingress",
            endpoints: [Records.endpoint()], groups: [Records.group(ingressCidr: "::/0")]),
        AuditCase(
            rule: "PL009", fires: false, name: "VPC-only ingress, open egress",
            endpoints: [Records.endpoint()],
            groups: [Records.group(ingressCidr: "10.0.0.0/16", egressCidr: "0.0.0.0/0")]),
        AuditCase(
            rule: "PL009", fires: false, name: "an open group on no endpoint",
            endpoints: [Records.endpoint(groups: ["sg-2"])], groups: [Records.group(ingressCidr: "0.0.0.0/0")]),
        AuditCase(rule: "PL010", fires: true, name: "one subnet", endpoints: [Records.endpoint(subnets: ["subnet-a"])]),
        AuditCase(
            rule: "PL010", fires: false, name: "two subnets",
            endpoints: [Records.endpoint(subnets: ["subnet-a", "subnet-b"])]),
        AuditCase(
            rule: "PL010", fires: false, name: "a gateway endpoint has no subnets to spread",
            endpoints: [Records.endpoint(type: "Gateway", subnets: ["subnet-a"], groups: [])]),
        AuditCase(
            rule: "PL011", fires: true, name: "a failed endpoint (state in capitals)",
            endpoints: [Records.endpoint(state: "Failed")]),
        AuditCase(
            rule: "PL011", fires: true, name: "a rejected connection",
            services: [Records.service()], connections: [Records.connection(owner: owner, state: "rejected")]),
        AuditCase(
            rule: "PL011", fires: false, name: "available endpoint and connection",
            services: [Records.service()], connections: [Records.connection(owner: owner)],
            endpoints: [Records.endpoint()]),
    ]
}
