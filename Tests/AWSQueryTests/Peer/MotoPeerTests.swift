import Foundation
import Logging
import Testing

@testable import AWSQuery

/// A private moto server for this file, started once through Python's `ThreadedMotoServer` on a free
/// 127.0.0.1 port, with an IAM user (allowed everything) and signature checking switched ON.
/// It lives until the test process exits: the launcher stops when its stdin pipe closes.
/// (Stand-in until the shared `Peer` harness in Tests/TestSupport is merged.)
actor MotoPeer {
    /// What the launcher reports.
    struct Info: Decodable, Sendable {
        var url: String
        var accessKeyId: String
        var secretAccessKey: String
    }

    static let shared = MotoPeer()
    private var started: Task<Info, Error>?
    private var keepAlive: [Any] = []

    /// Starts the server on first use and returns its URL and credentials.
    func info() async throws -> Info {
        if let started { return try await started.value }
        let task = Task { try await launch() }
        started = task
        return try await task.value
    }

    private static let launcher = #"""
        import json, sys, urllib.request
        import boto3
        from moto.server import ThreadedMotoServer
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                           aws_access_key_id="setup", aws_secret_access_key="setup")
        iam.create_user(UserName="plinv-test")
        iam.put_user_policy(UserName="plinv-test", PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="plinv-test")["AccessKey"]
        urllib.request.urlopen(urllib.request.Request(url + "/moto-api/reset-auth", data=b"0", method="POST",
                                                      headers={"Content-Type": "text/plain"})).read()
        print(json.dumps({"url": url, "accessKeyId": key["AccessKeyId"],
                          "secretAccessKey": key["SecretAccessKey"]}), flush=True)
        sys.stdin.read()
        server.stop()
        """#

    private func launch() async throws -> Info {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.launcher]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        keepAlive = [process, input, output]
        let line: Data = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                while !buffer.contains(UInt8(ascii: "\n")) {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                }
                continuation.resume(returning: buffer)
            }
        }
        guard let info = try? JSONDecoder().decode(Info.self, from: line) else {
            throw QueryError.invalidConfiguration(
                "the moto launcher did not report its URL (python3 with moto[server] and boto3 needed); it wrote: "
                    + String(decoding: line.prefix(300), as: UTF8.self))
        }
        return info
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
            #expect(page.name == "DescribeLoadBalancersResponse")
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
                page.child("serviceDetailSet")?.children(named: "item").compactMap { $0.child("serviceId")?.text } ?? []
        }
        var whole: [String] = []
        for try await page in client.pages("DescribeVpcEndpointServices", maxResults: nil, logger: Self.logger) {
            whole +=
                page.child("serviceDetailSet")?.children(named: "item").compactMap { $0.child("serviceId")?.text } ?? []
        }
        #expect(pages > 1)
        #expect(whole.count > 50)
        #expect(paged.sorted() == whole.sorted())
    }
}
