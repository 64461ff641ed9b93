import Foundation
import Logging
import Testing

@testable import AWSQuery

/// CloudFormation through the Query client: its endpoint and signing name, paging without a page size, and
/// its own rate-limit buckets.
@Suite struct CloudFormationServiceTests {
    static func page(_ token: String?) -> ScriptedTransport.Step {
        let tokenXML = token.map { "<NextToken>\($0)</NextToken>" } ?? ""
        let xml = """
            <ListExportsResponse><ListExportsResult><Exports/>\(tokenXML)</ListExportsResult>\
            <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListExportsResponse>
            """
        return .respond(HTTPResponse(status: 200, body: Data(xml.utf8)))
    }

    @Test func endpointAndSigningNameAreCloudFormations() throws {
        #expect(
            try AWSService.cloudFormation.defaultEndpoint(region: "eu-west-1").absoluteString
                == "https://cloudformation.eu-west-1.amazonaws.com/")
        #expect(AWSService.cloudFormation.signingName == "cloudformation")
        #expect(AWSService.cloudFormation.apiVersion == "2010-05-15")
        #expect(AWSService.cloudFormation.sdkServiceID == "CloudFormation")
    }

    @Test func pagesFollowNextTokenAndSendNoPageSize() async throws {
        let transport = ScriptedTransport([Self.page("t1"), Self.page("t2"), Self.page(nil)])
        let client = try QueryClientTests.client(
            .cloudFormation, transport: transport, retry: .instant(recorder: SleepRecorder()))
        var pages = 0
        for try await _ in client.pages("ListExports", maxResults: 50, logger: QueryClientTests.logger) { pages += 1 }
        #expect(pages == 3)
        let sent = transport.sentParameters
        #expect(sent.map { $0["NextToken"] } == [nil, "t1", "t2"])
        #expect(
            sent.allSatisfy {
                $0["MaxResults"] == nil && $0["Version"] == "2010-05-15" && $0["Action"] == "ListExports"
            })
        let authorization = transport.requests.first?.header("Authorization") ?? ""
        #expect(authorization.contains("/us-east-1/cloudformation/aws4_request"))
    }

    @Test(arguments: [
        ("DescribeStacks", 20.0, 4.0), ("ListStackResources", 20, 4), ("GetTemplate", 10, 2), ("ListExports", 10, 2),
        ("CreateStack", 5, 1),
    ])
    func cloudFormationHasItsOwnBuckets(action: String, capacity: Double, refill: Double) {
        #expect(
            RateLimiter.bucket(service: "cloudformation", action: action, filteredOrPaged: true)
                == .init(capacity: capacity, refillPerSecond: refill))
    }

    @Test func otherServicesKeepEC2sBuckets() {
        #expect(
            RateLimiter.bucket(service: "ec2", action: "DescribeStacks", filteredOrPaged: true)
                == .init(capacity: 100, refillPerSecond: 20))
    }

    @Test func theLimiterUsesTheServicesBucket() async throws {
        let clock = FakeClock()
        let limiter = RateLimiter(batchInterval: 0, now: { clock.now }, sleep: { clock.sleep($0) })
        for _ in 0..<10 {
            try await limiter.acquire(
                service: "cloudformation", account: "1", region: "us-east-1", action: "GetTemplate")
        }
        #expect(clock.sleeps.isEmpty)
        let waited = try await limiter.acquire(
            service: "cloudformation", account: "1", region: "us-east-1", action: "GetTemplate")
        #expect(abs(waited - 0.5) < 1e-9)
    }
}
