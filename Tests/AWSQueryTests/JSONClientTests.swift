import Foundation
import Logging
import Testing

@testable import AWSQuery

/// The JSON 1.1 protocol behind the shared pipeline: what goes on the wire, how errors read, and that retries,
/// quota and metrics are the same layers the Query client has.
@Suite struct JSONClientTests {
    struct Roots: Decodable, Sendable {
        struct Root: Decodable, Sendable { var Id: String }
        var Roots: [Root]
    }

    static func json(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> ScriptedTransport.Step {
        .respond(HTTPResponse(status: status, headers: headers, body: Data(text.utf8)))
    }

    static func client(_ transport: ScriptedTransport, retry: RetryPolicy, metrics: RequestMetrics? = nil)
        throws -> JSONClient
    {
        try JSONClient(
            service: .organizations, region: "eu-west-1", credentials: QueryClientTests.provider, transport: transport,
            retry: retry, metrics: metrics, now: { Date(timeIntervalSince1970: 1_795_000_000) })
    }

    @Test func sendsATargetedSignedJSONPostToTheGlobalEndpoint() async throws {
        let transport = ScriptedTransport([Self.json(#"{"Roots":[{"Id":"r-ab12"}]}"#)])
        let client = try Self.client(transport, retry: .instant(recorder: SleepRecorder()))
        let output = try await client.send(
            "ListRoots", ["MaxResults": "5"], as: Roots.self, logger: QueryClientTests.logger)
        #expect(output.Roots.map(\.Id) == ["r-ab12"])
        let request = try #require(transport.requests.first)
        #expect(request.url.absoluteString == "https://organizations.us-east-1.amazonaws.com/")
        #expect(request.header("X-Amz-Target") == "AWSOrganizationsV20161128.ListRoots")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"MaxResults":"5"}"#)
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.contains("/us-east-1/organizations/aws4_request"))  // eu-west-1 asked, global signed
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"))
    }

    @Test(arguments: [
        (
            #"{"__type":"com.amazonaws.organizations#AccessDeniedException","message":"no"}"#, "AccessDeniedException",
            "no"
        ),
        (
            #"{"__type":"AWSOrganizationsNotInUseException","Message":"none"}"#, "AWSOrganizationsNotInUseException",
            "none"
        ),
        (#"{"__type":"ValidationException:http://internal","message":"m"}"#, "ValidationException", "m"),
    ])
    func errorsAreReadFromType(body: String, code: String, message: String) {
        let error = JSONClient.error(
            in: HTTPResponse(status: 400, headers: ["x-amzn-RequestId": "req-1"], body: Data(body.utf8)))
        #expect(error == .service(code: code, message: message, requestId: "req-1", status: 400))
    }

    @Test func anErrorTypeHeaderStandsInForAMissingBodyAndHTMLIsAnHTTPStatus() {
        let fromHeader = JSONClient.error(
            in: HTTPResponse(status: 429, headers: ["X-Amzn-ErrorType": "TooManyRequestsException:"], body: Data()))
        #expect(fromHeader?.code == "TooManyRequestsException")
        let html = JSONClient.error(
            in: HTTPResponse(status: 502, body: Data("<html><title>Bad Gateway</title></html>".utf8)))
        #expect(html == .httpStatus(status: 502, bodyExcerpt: "Bad Gateway"))
        #expect(JSONClient.error(in: HTTPResponse(status: 200, body: Data("{}".utf8))) == nil)
    }

    @Test func throttlingIsRetriedThroughTheSameLayersWithTheSameCounts() async throws {
        let throttled = Self.json(#"{"__type":"TooManyRequestsException","message":"slow"}"#, status: 400)
        let recorder = SleepRecorder()
        let metrics = RequestMetrics()
        let transport = ScriptedTransport([throttled, throttled, Self.json(#"{"Roots":[]}"#)])
        let client = try Self.client(transport, retry: .instant(random: 0.5, recorder: recorder), metrics: metrics)
        _ = try await client.send("ListRoots", as: Roots.self, logger: QueryClientTests.logger)
        #expect(recorder.delays == [.milliseconds(500), .seconds(1)])
        let counts = try #require(metrics.snapshot()["ListRoots"])
        #expect((counts.requests, counts.attempts, counts.retries, counts.throttles) == (1, 3, 2, 2))
        #expect(client.quota.available == 495)  // two retries took 5 each; the success gives back the last one's 5
    }

    @Test func anAnswerOfTheWrongShapeIsAMalformedResponseNamingThePath() async throws {
        let transport = ScriptedTransport([Self.json(#"{"Roots":[{"Name":"x"}]}"#)])
        let client = try Self.client(transport, retry: .instant(recorder: SleepRecorder()))
        let error = await #expect(throws: QueryError.self) {
            try await client.send("ListRoots", as: Roots.self, logger: QueryClientTests.logger)
        }
        #expect(String(describing: error).contains("Roots[0].Id"))
    }

    @Test func pagesFollowNextTokenAndARepeatedTokenIsAnError() async throws {
        let pages = ScriptedTransport([
            Self.json(#"{"Roots":[{"Id":"r-1"}],"NextToken":"t1"}"#), Self.json(#"{"Roots":[{"Id":"r-2"}]}"#),
        ])
        let client = try Self.client(pages, retry: .instant(recorder: SleepRecorder()))
        let all = try await client.pages("ListRoots", as: Roots.self, logger: QueryClientTests.logger)
        #expect(all.flatMap(\.Roots).map(\.Id) == ["r-1", "r-2"])
        #expect(pages.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["{}", #"{"NextToken":"t1"}"#])

        let looping = ScriptedTransport([
            Self.json(#"{"Roots":[],"NextToken":"a"}"#), Self.json(#"{"Roots":[],"NextToken":"b"}"#),
            Self.json(#"{"Roots":[],"NextToken":"a"}"#), Self.json(#"{"Roots":[]}"#),
        ])
        let loopingClient = try Self.client(looping, retry: .instant(recorder: SleepRecorder()))
        let error = await #expect(throws: QueryError.self) {
            try await loopingClient.pages("ListRoots", as: Roots.self, logger: QueryClientTests.logger)
        }
        #expect(String(describing: error).contains("repeats an earlier NextToken"))
        #expect(looping.requests.count == 3)
    }

    @Test func aQueryServiceIsRefused() {
        #expect(throws: QueryError.self) {
            try JSONClient(service: .ec2, region: "us-east-1", credentials: QueryClientTests.provider)
        }
    }

    @Test(arguments: [
        ("cn-north-1", "https://organizations.cn-northwest-1.amazonaws.com.cn/"),
        ("us-gov-east-1", "https://organizations.us-gov-west-1.amazonaws.com/"),
        ("ap-south-1", "https://organizations.us-east-1.amazonaws.com/"),
    ])
    func organizationsIsGlobalPerPartition(region: String, expected: String) throws {
        #expect(try AWSService.organizations.defaultEndpoint(region: region).absoluteString == expected)
    }
}
