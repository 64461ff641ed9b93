import Foundation
import Logging
import Testing

@testable import AWSQuery

/// `AsyncHTTPClientTransport` against a loopback server that sees the raw bytes (`Fixtures/raw_http_server.py`)
/// and against moto with signature checks on: the request goes out exactly as given, redirects are returned,
/// dropped and refused connections are `.network`, an idle timeout ends a stalled reply, and cancelling a
/// waiting request ends it as `.cancelled` (long before its timeout).
@Suite struct AsyncHTTPClientTransportTests {
    /// A running `raw_http_server.py`; `requests` yields `<path> <bytes>` for each request it reads.
    final class RawServer: Sendable {
        let port: Int
        let requests: AsyncStream<String>
        private let process: Process
        private let input: Pipe

        private init(port: Int, requests: AsyncStream<String>, process: Process, input: Pipe) {
            (self.port, self.requests, self.process, self.input) = (port, requests, process, input)
        }

        /// `http://127.0.0.1:<port><path>`.
        func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

        /// Starts the script and waits for its `PORT` line.
        static func start() async throws -> RawServer {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/raw_http_server.py")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path]
            let output = Pipe()
            let input = Pipe()
            (process.standardOutput, process.standardInput) = (output, input)
            try process.run()
            let (lines, continuation) = AsyncStream<String>.makeStream()
            let reader = output.fileHandleForReading
            Thread.detachNewThread {
                var pending = Data()
                while case let chunk = reader.availableData, !chunk.isEmpty {
                    pending.append(chunk)
                    while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        continuation.yield(String(decoding: pending[pending.startIndex..<end], as: UTF8.self))
                        pending = Data(pending[(end + 1)...])
                    }
                }
                continuation.finish()
            }
            var iterator = lines.makeAsyncIterator()
            let first = await iterator.next() ?? ""
            guard first.hasPrefix("PORT "), let port = Int(first.dropFirst(5)) else {
                process.terminate()
                throw QueryError.invalidConfiguration("raw_http_server.py did not start: '\(first)'")
            }
            return RawServer(port: port, requests: lines, process: process, input: input)
        }

        /// Closes the script's standard input, which ends it.
        func stop() { try? input.fileHandleForWriting.close() }
    }

    @Test func theRequestGoesOutExactlyAsGiven() async throws {
        let server = try await RawServer.start()
        defer { server.stop() }
        let body = Array("Action=DescribeVpcs&Filter.1.Value.1=caf%C3%A9%20%26&Version=2016-11-15".utf8)
        let headers = [
            ("Content-Type", QueryClient.formContentType), ("X-Amz-Date", "20260101T000000Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/x, SignedHeaders=host, Signature=00"),
        ]
        let response = try await AsyncHTTPClientTransport().send(
            HTTPRequest(method: "POST", url: server.url("/echo?q=1"), headers: headers, body: body))
        #expect(response.status == 200)
        #expect(response.headers["x-multi"] == "a, b")
        let raw = [UInt8](response.body)
        let separator = Array("\r\n\r\n".utf8)
        let split = try #require(
            (0...(raw.count - separator.count)).first { Array(raw[$0..<($0 + separator.count)]) == separator })
        let lines = String(decoding: raw[..<split], as: UTF8.self).components(separatedBy: "\r\n")
        #expect(
            lines == [
                "POST /echo?q=1 HTTP/1.1", "Host: 127.0.0.1:\(server.port)",
                "Content-Type: \(QueryClient.formContentType)", "X-Amz-Date: 20260101T000000Z",
                "Authorization: \(headers[2].1)", "Content-Length: \(body.count)",
            ])
        #expect(Array(raw[(split + separator.count)...]) == body)
    }

    @Test func aRedirectIsReturnedNotFollowed() async throws {
        let server = try await RawServer.start()
        defer { server.stop() }
        let response = try await AsyncHTTPClientTransport().send(
            HTTPRequest(method: "GET", url: server.url("/redirect"), headers: [], body: []))
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/echo")
    }

    @Test(arguments: [
        ("/drop", "127.0.0.1: connection closed by the server"), (nil, "127.0.0.1: Connection refused (errno 111)"),
    ])
    func droppedAndRefusedConnectionsAreNetworkErrors(path: String?, expected: String) async throws {
        let server = try await RawServer.start()
        defer { server.stop() }
        let url = path.map(server.url) ?? URL(string: "http://127.0.0.1:1/refused")!
        let error = await #expect(throws: QueryError.self) {
            try await AsyncHTTPClientTransport(timeout: 10).send(
                HTTPRequest(method: "POST", url: url, headers: [], body: Array("Action=X".utf8)))
        }
        #expect(error == .network(expected))
    }

    @Test func anIdleTimeoutEndsAStalledReply() async throws {
        let server = try await RawServer.start()
        defer { server.stop() }
        await #expect(throws: QueryError.network("127.0.0.1: timed out waiting for the response")) {
            try await AsyncHTTPClientTransport(timeout: 0.3).send(
                HTTPRequest(method: "GET", url: server.url("/slow"), headers: [], body: []))
        }
    }

    @Test func cancellingAWaitingRequestEndsItAsCancelled() async throws {
        let server = try await RawServer.start()
        defer { server.stop() }
        // The server would hold the reply for 120 s and the timeout is 100 s: only cancellation ends this.
        let request = HTTPRequest(method: "GET", url: server.url("/slow"), headers: [], body: [])
        let task = Task { try await AsyncHTTPClientTransport(timeout: 100).send(request) }
        for await line in server.requests where line.hasPrefix("/slow ") { break }  // the request is waiting
        task.cancel()
        await #expect(throws: QueryError.cancelled) { try await task.value }
    }

    @Test func aCancelledTaskSendsNothing() async throws {
        let server = try await RawServer.start()
        defer { server.stop() }
        let request = HTTPRequest(method: "GET", url: server.url("/echo"), headers: [], body: [])
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await AsyncHTTPClientTransport().send(request)
        }
        await #expect(throws: QueryError.cancelled) { try await task.value }
    }

    @Test func signedRequestsPassMotosSignatureCheckOverEitherTransport() async throws {
        let peer = try await MotoPeer.shared.info()
        for transport: any HTTPTransport in [AsyncHTTPClientTransport(), URLSessionTransport()] {
            let client = try QueryClient(
                service: .ec2, region: "us-east-1", endpoint: URL(string: peer.url),
                credentials: StaticCredentialProvider(
                    Credentials(accessKeyId: peer.accessKeyId, secretAccessKey: peer.secretAccessKey)),
                transport: transport)
            let root = try await client.send(
                "DescribeVpcs", [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "café & co=+~*")],
                logger: Logger(label: "transport-test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(root.name == "DescribeVpcsResponse")
        }
    }
}
