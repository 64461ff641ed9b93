import AWSQuery
import Collector
import Foundation
import Logging
import PrivateLinkModel
import Synchronization
import Testing

/// Answers CloudFormation calls from a table of action → (status, body), recording the actions asked.
final class CannedCloudFormation: HTTPTransport {
    let answers: [String: (Int, String)]
    let asked = Mutex<[String]>([])

    init(_ answers: [String: (Int, String)]) { self.answers = answers }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let form = String(decoding: request.body, as: UTF8.self)
        let action = form.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst(7)) } ?? ""
        asked.withLock { $0.append(form) }
        let (status, body) = answers[action] ?? (400, Self.error("InvalidAction", "unexpected \(action)"))
        return HTTPResponse(status: status, body: Data(body.utf8))
    }

    static func error(_ code: String, _ message: String) -> String {
        "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error></ErrorResponse>"
    }

    static func result(_ action: String, _ inner: String) -> String {
        "<\(action)Response><\(action)Result>\(inner)</\(action)Result></\(action)Response>"
    }
}

@Suite struct StackReaderTests {
    let logger = Logger(label: "test")
    let scope = Scope(account: "111111111111", region: "eu-west-1")

    func client(_ transport: CannedCloudFormation) throws -> QueryClient {
        try QueryClient(
            service: .cloudFormation, region: scope.region, endpoint: URL(string: "http://127.0.0.1:9"),
            credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")),
            transport: transport, retry: .standard(maxAttempts: 1))
    }

    static func stack(_ name: String, status: String) -> String {
        "<member><StackId>arn:aws:cloudformation:eu-west-1:111111111111:stack/\(name)/1</StackId>"
            + "<StackName>\(name)</StackName><StackStatus>\(status)</StackStatus>"
            + "<Parameters><member><ParameterKey>Password</ParameterKey><ParameterValue>****</ParameterValue></member>"
            + "</Parameters></member>"
    }

    @Test func accessDeniedFailsWithTheMissingPermissionNamed() async throws {
        let transport = CannedCloudFormation([
            "DescribeStacks": (
                403,
                CannedCloudFormation.error("AccessDenied", "not authorized to perform: cloudformation:DescribeStacks")
            ),
            "ListExports": (200, CannedCloudFormation.result("ListExports", "<Exports/>")),
        ])
        let error = await #expect(throws: CollectorError.self) {
            try await StackReader(options: .all).read(scope, client: try client(transport), logger: logger)
        }
        #expect("\(error!)".contains("missing permission cloudformation:DescribeStacks"))
    }

    @Test func aDeniedTemplateReadFailsTheScopeInsteadOfLeavingAGap() async throws {
        let transport = CannedCloudFormation([
            "DescribeStacks": (
                200,
                CannedCloudFormation.result(
                    "DescribeStacks", "<Stacks>\(Self.stack("svc", status: "CREATE_COMPLETE"))</Stacks>")
            ),
            "ListStackResources": (
                200,
                CannedCloudFormation.result(
                    "ListStackResources",
                    """
                    <StackResourceSummaries><member><LogicalResourceId>Service</LogicalResourceId>\
                    <PhysicalResourceId>vpce-svc-1</PhysicalResourceId><ResourceType>AWS::EC2::VPCEndpointService</ResourceType>\
                    <ResourceStatus>CREATE_COMPLETE</ResourceStatus></member></StackResourceSummaries>
                    """)
            ),
            "GetTemplate": (403, CannedCloudFormation.error("AccessDenied", "no")),
            "ListExports": (200, CannedCloudFormation.result("ListExports", "<Exports/>")),
        ])
        let error = await #expect(throws: CollectorError.self) {
            try await StackReader(options: .all).read(scope, client: try client(transport), logger: logger)
        }
        #expect("\(error!)".contains("cloudformation:GetTemplate"))
    }

    @Test func deletedStacksAreSkippedAndCallsAddressStacksById() async throws {
        let transport = CannedCloudFormation([
            "DescribeStacks": (
                200,
                CannedCloudFormation.result(
                    "DescribeStacks",
                    "<Stacks>"
                        + Self.stack("gone", status: "DELETE_COMPLETE") + Self.stack("live", status: "UPDATE_COMPLETE")
                        + "</Stacks>")
            ),
            "ListStackResources": (200, CannedCloudFormation.result("ListStackResources", "<StackResourceSummaries/>")),
            "ListExports": (200, CannedCloudFormation.result("ListExports", "<Exports/>")),
        ])
        let read = try await StackReader(options: .all).read(scope, client: try client(transport), logger: logger)
        #expect(read.stacks.map(\.name) == ["live"])
        #expect(read.stacks.first?.parameters == ["Password": "****"])
        #expect(read.stacks.first?.templateBody == nil, "no checked type: no GetTemplate")
        let asked = transport.asked.withLock { $0 }
        #expect(
            asked.filter { $0.contains("Action=ListStackResources") }.allSatisfy {
                $0.contains("StackName=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A111111111111%3Astack%2Flive%2F1")
            })
        #expect(!asked.contains { $0.contains("gone") && $0.contains("ListStackResources") })
        #expect(!asked.contains { $0.contains("MaxResults") }, "CloudFormation takes no page size")
    }

    @Test func pagesFollowNextToken() async throws {
        final class Paged: HTTPTransport {
            let pages = Mutex(0)
            func send(_ request: HTTPRequest) async throws -> HTTPResponse {
                let form = String(decoding: request.body, as: UTF8.self)
                if form.contains("Action=ListExports") {
                    let second = form.contains("NextToken=t2")
                    pages.withLock { $0 += 1 }
                    let name = second ? "b" : "a"
                    let token = second ? "" : "<NextToken>t2</NextToken>"
                    return HTTPResponse(
                        status: 200,
                        body: Data(
                            CannedCloudFormation.result(
                                "ListExports",
                                """
                                <Exports><member><Name>\(name)</Name><Value>v</Value><ExportingStackId>s</ExportingStackId></member>\
                                </Exports>\(token)
                                """
                            ).utf8))
                }
                return HTTPResponse(
                    status: 200, body: Data(CannedCloudFormation.result("DescribeStacks", "<Stacks/>").utf8))
            }
        }
        let transport = Paged()
        let client = try QueryClient(
            service: .cloudFormation, region: scope.region, endpoint: URL(string: "http://127.0.0.1:9"),
            credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")),
            transport: transport, retry: .standard(maxAttempts: 1))
        let read = try await StackReader(options: .all).read(scope, client: client, logger: logger)
        #expect(read.exports.map(\.name) == ["a", "b"])
        #expect(transport.pages.withLock { $0 } == 2)
    }

    @Test(arguments: [
        ("*", "anything", true), ("prov*", "provider", true), ("prov*", "consumer", false),
        ("?onsumer", "consumer", true), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false), ("", "", true),
        ("orders-*-svc", "orders-eu-svc", true), ("orders", "orders-eu", false),
    ])
    func stackNameGlobs(pattern: String, name: String, matches: Bool) {
        #expect(StackReadOptions(enabled: true, namePatterns: [pattern]).includes(stackName: name) == matches)
    }

    @Test func noPatternsMeansEveryStack() {
        #expect(StackReadOptions.all.includes(stackName: "x"))
        #expect(!StackReadOptions.disabled.enabled)
    }
}

@Suite struct StackPermissionCheckTests {
    @Test func doctorSeesWhichActionsAreDenied() async throws {
        let transport = CannedCloudFormation([
            "DescribeStacks": (200, CannedCloudFormation.result("DescribeStacks", "<Stacks/>")),
            "ListStackResources": (
                400, CannedCloudFormation.error("ValidationError", "Stack with id x does not exist")
            ),
            "GetTemplate": (403, CannedCloudFormation.error("AccessDenied", "not authorized")),
            "ListExports": (400, CannedCloudFormation.error("Throttling", "Rate exceeded")),
        ])
        let client = try StackReaderTests().client(transport)
        let checks = await StackReader.checkPermissions(client: client, logger: Logger(label: "test"))
        #expect(checks.map(\.action) == StackReader.requiredActions)
        #expect(checks.map(\.outcome) == [.allowed, .allowed, .denied, .unknown])
        #expect(checks[3].detail?.contains("Throttling") == true)
    }
}
