import Foundation
import Logging
import TestSupport
import Testing

@testable import AWSQuery

/// The signature-checking peer of this test process: `Peer.startSignatureChecking()` (scripts/peer.py with
/// peer_ext, `--auth 0` and an IAM user allowed everything), started on first use and shared by the transport,
/// fault-injection and peer tests of this target. It stops when the test process exits.
actor MotoPeer {
    /// Where the peer listens and the keys it accepts.
    struct Info: Sendable {
        var url: String
        var accessKeyId: String
        var secretAccessKey: String
    }

    static let shared = MotoPeer()
    private var started: Task<Info, Error>?

    /// Starts the peer on first use and returns its URL and credentials.
    func info() async throws -> Info {
        if let started { return try await started.value }
        let task = Task { () throws -> Info in
            let peer = try await Peer.startSignatureChecking()
            return Info(
                url: peer.url.absoluteString, accessKeyId: Peer.signingCredentials.accessKeyId,
                secretAccessKey: Peer.signingCredentials.secretAccessKey)
        }
        started = task
        return try await task.value
    }
}

@Suite struct MotoPeerTests {
    static let logger = Logger(label: "moto-peer-test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func client(_ service: AWSService, secret: String? = nil, metrics: RequestMetrics? = nil) async throws
        -> QueryClient
    {
        let peer = try await MotoPeer.shared.info()
        let credentials = Credentials(accessKeyId: peer.accessKeyId, secretAccessKey: secret ?? peer.secretAccessKey)
        return try QueryClient(
            service: service, region: "us-east-1", endpoint: URL(string: peer.url),
            credentials: StaticCredentialProvider(credentials), metrics: metrics)
    }

    @Test func aSignedEC2RequestIsAcceptedWithSignatureChecksOn() async throws {
        let client = try await Self.client(.ec2)
        let root = try await client.send("DescribeRegions", [("RegionName.1", "us-east-1")], logger: Self.logger)
        #expect(root.name == "DescribeRegionsResponse")
        let names = root.child("regionInfo")?.children(named: "item").compactMap { $0.child("regionName")?.text }
        #expect(names == ["us-east-1"])
    }

    @Test func valuesNeedingPercentEncodingAreSignedAsSent() async throws {
        let client = try await Self.client(.ec2)
        let root = try await client.send(
            "DescribeVpcs",
            [
                ("Filter.1.Name", "cidr-block"), ("Filter.1.Value.1", "10.9.0.0/16"),
                ("Filter.2.Name", "tag:Name"), ("Filter.2.Value.1", "café & co=+~*"),
            ],
            logger: Self.logger)
        #expect(root.name == "DescribeVpcsResponse")
    }

    @Test func aWrongSecretIsOneAuthFailureWithoutRetries() async throws {
        let metrics = RequestMetrics()
        let client = try await Self.client(.ec2, secret: "not-the-secret", metrics: metrics)
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeRegions", logger: Self.logger)
        }
        #expect(error?.code == "AuthFailure")
        #expect(error?.status == 401)
        #expect(metrics.snapshot()["DescribeRegions"]?.attempts == 1)
        #expect(!"\(String(describing: error))".contains("not-the-secret"))
    }

    @Test func elbv2DescribeLoadBalancersSucceeds() async throws {
        let client = try await Self.client(.elbv2)
        var pages = 0
        for try await page in client.pages("DescribeLoadBalancers", maxResults: nil, logger: Self.logger) {
            #expect(page.root.name == "DescribeLoadBalancersResponse")
            pages += 1
        }
        #expect(pages == 1)
    }

    @Test func stsGetCallerIdentityNamesTheIAMUser() async throws {
        let client = try await Self.client(.sts)
        let root = try await client.send("GetCallerIdentity", logger: Self.logger)
        let result = try #require(root.child("GetCallerIdentityResult"))
        #expect(result.child("Arn")?.text.hasSuffix(":user/plinv-test") == true)
        #expect(result.child("Account")?.text.count == 12)
    }

    @Test func ec2PagesFollowMotosDescribeVpcEndpointServicesTokens() async throws {
        let client = try await Self.client(.ec2)
        var paged: [String] = []
        var pages = 0
        for try await page in client.pages("DescribeVpcEndpointServices", maxResults: 50, logger: Self.logger) {
            pages += 1
            paged +=
                page.root.child("serviceDetailSet")?.children(named: "item").compactMap { $0.child("serviceId")?.text }
                ?? []
        }
        var whole: [String] = []
        // Read with the items left as bytes, as a collect reads them: the same ids.
        for try await page in client.pages(
            "DescribeVpcEndpointServices", maxResults: nil, items: XMLItemPath(["serviceDetailSet"]),
            logger: Self.logger)
        {
            #expect(page.root.child("serviceDetailSet")?.children.isEmpty == true)
            try page.forEachItem { _, item in
                if let id = item.child("serviceId") { whole.append(try id.text()) }
            }
        }
        #expect(pages > 1)
        #expect(whole.count > 50)
        #expect(paged.sorted() == whole.sorted())
    }
}
