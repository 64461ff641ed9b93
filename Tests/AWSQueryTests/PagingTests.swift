import Foundation
import Logging
import Testing

@testable import AWSQuery

@Suite struct PagingTests {
    static func page(_ token: String?) -> ScriptedTransport.Step {
        let tokenXML = token.map { "<nextToken>\($0)</nextToken>" } ?? ""
        let xml = """
            <DescribeVpcEndpointsResponse><requestId>r</requestId><vpcEndpointSet/>\(tokenXML)\
            </DescribeVpcEndpointsResponse>
            """
        return .respond(HTTPResponse(status: 200, body: Data(xml.utf8)))
    }

    static func collect(_ client: QueryClient, _ action: String, maxResults: Int? = nil) async throws -> [XMLNode] {
        var pages: [XMLNode] = []
        for try await page in client.pages(
            action, [("Filter.1.Name", "vpc-id")], maxResults: maxResults, logger: QueryClientTests.logger)
        {
            pages.append(page.root)
        }
        return pages
    }

    @Test func followsTokensUntilAnAbsentOne() async throws {
        let transport = ScriptedTransport([Self.page("a=="), Self.page("b/+"), Self.page(nil)])
        let client = try QueryClientTests.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        let pages = try await Self.collect(client, "DescribeVpcEndpoints")
        #expect(pages.count == 3)
        let sent = transport.sentParameters
        #expect(sent.map { $0["NextToken"] } == [nil, "a==", "b/+"])
        #expect(sent.allSatisfy { $0["MaxResults"] == "1000" && $0["Filter.1.Name"] == "vpc-id" })
    }

    @Test func stopsOnAnEmptyToken() async throws {
        let transport = ScriptedTransport([Self.page("a"), Self.page(""), Self.page("never")])
        let client = try QueryClientTests.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        #expect(try await Self.collect(client, "DescribeVpcEndpoints").count == 2)
        #expect(transport.requests.count == 2)
    }

    @Test func aRepeatedTokenIsAnErrorNotTheEnd() async throws {
        let transport = ScriptedTransport([Self.page("same"), Self.page("same"), Self.page("never")])
        let client = try QueryClientTests.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        let error = await #expect(throws: QueryError.self) { try await Self.collect(client, "DescribeVpcEndpoints") }
        #expect(String(describing: error).contains("repeats an earlier nextToken"))
        #expect(transport.requests.count == 2)
    }

    @Test func aTokenRepeatedAfterOthersIsAnErrorToo() async throws {
        let transport = ScriptedTransport([Self.page("a"), Self.page("b"), Self.page("a"), Self.page(nil)])
        let client = try QueryClientTests.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        await #expect(throws: QueryError.self) { try await Self.collect(client, "DescribeVpcEndpoints") }
        #expect(transport.requests.count == 3)
    }

    @Test func clampsThePageSizeToTheServiceMaximum() async throws {
        let transport = ScriptedTransport([Self.page(nil)])
        let client = try QueryClientTests.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        _ = try await Self.collect(client, "DescribeVpcEndpoints", maxResults: 5000)
        _ = try await Self.collect(client, "DescribeVpcEndpoints", maxResults: 5)
        #expect(transport.sentParameters.map { $0["MaxResults"] } == ["1000", "5"])
    }

    @Test func elbv2PagesWithMarkerAndPageSize() async throws {
        let last = """
            <DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers/>\
            </DescribeLoadBalancersResult></DescribeLoadBalancersResponse>
            """
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 200, body: Fixture.data("describe-load-balancers-page.xml"))),
            .respond(HTTPResponse(status: 200, body: Data(last.utf8))),
        ])
        let client = try QueryClientTests.client(
            .elbv2, transport: transport, retry: .instant(recorder: SleepRecorder()))
        #expect(try await Self.collect(client, "DescribeLoadBalancers").count == 2)
        let sent = transport.sentParameters
        #expect(sent.map { $0["Marker"] } == [nil, "bWFya2VyLzI="])
        #expect(sent.map { $0["PageSize"] } == ["400", "400"])
        #expect(sent.allSatisfy { $0["Version"] == "2015-12-01" && $0["MaxResults"] == nil })
    }

    /// The next page is fetched while the consumer works on the current one, but never more than that: a consumer
    /// that stops after the first page leaves at most one request sent ahead, not the whole listing.
    @Test func aConsumerThatStopsEarlyLeavesAtMostOnePageFetchedAhead() async throws {
        let transport = ScriptedTransport([
            Self.page("a"), Self.page("b"), Self.page("c"), Self.page("d"), Self.page(nil),
        ])
        let client = try QueryClientTests.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        for try await _ in client.pages("DescribeVpcEndpoints", maxResults: nil, logger: QueryClientTests.logger) {
            break
        }
        for _ in 0..<20 { await Task.yield() }
        #expect((1...2).contains(transport.requests.count), "\(transport.requests.count) requests")
    }

    @Test func anErrorEndsTheStream() async throws {
        let error = ScriptedTransport.Step.respond(
            HTTPResponse(
                status: 400,
                body: Data(
                    """
                    <Response><Errors><Error><Code>InvalidPaginationToken</Code><Message>expired</Message>\
                    </Error></Errors></Response>
                    """.utf8)))
        let transport = ScriptedTransport([Self.page("a"), error])
        let client = try QueryClientTests.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        var pages = 0
        let thrown = await #expect(throws: QueryError.self) {
            for try await _ in client.pages("DescribeVpcEndpoints", maxResults: nil, logger: QueryClientTests.logger) {
                pages += 1
            }
        }
        #expect(pages == 1)
        #expect(thrown?.code == "InvalidPaginationToken")
    }
}
