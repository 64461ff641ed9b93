import AWSQuery
import Foundation
import Logging
import PrivateLinkModel
import Synchronization
import Testing

@testable import Collector

/// A service that keeps sending the same page token must fail the scope (the snapshot is partial, exit 3),
/// never end the listing as if it were complete.
@Suite struct RepeatedTokenTests {
    /// Answers every EC2 listing with an empty page and the same `nextToken`; ELBv2 with one empty, final page.
    final class LoopingEC2: HTTPTransport {
        let sent = Mutex<[String]>([])

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let body = String(decoding: request.body, as: UTF8.self)
            let action =
                body.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst(7)) } ?? ""
            sent.withLock { $0.append(action) }
            let xml: String
            if request.url.host?.hasPrefix("elasticloadbalancing") == true {
                xml = "<\(action)Response><\(action)Result><LoadBalancers/></\(action)Result></\(action)Response>"
            } else {
                xml = "<\(action)Response><requestId>r</requestId><nextToken>same-token</nextToken></\(action)Response>"
            }
            return HTTPResponse(status: 200, body: Data(xml.utf8))
        }
    }

    @Test func aRepeatedTokenFailsTheScope() async throws {
        let transport = LoopingEC2()
        let credentials = StaticCredentialProvider(Credentials(accessKeyId: "AKID", secretAccessKey: "secret"))
        let reader = AWSScopeReader { service, region in
            try QueryClient(service: service, region: region, credentials: credentials, transport: transport)
        }
        let scope = Scope(account: "123456789012", region: "eu-west-1")
        let snapshot = await Collector(concurrency: 1).collect(
            [PlannedScope(scope: scope, reader: reader)], takenAt: Date(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        #expect(snapshot.status == .partial)
        let status = try #require(snapshot.scopes.first)
        #expect(status.state == .failed)
        #expect(status.error?.contains("repeats an earlier nextToken") == true, "\(status.error ?? "")")
        // Each listing stopped at the second page: the loop was noticed, not followed.
        let counts = Dictionary(transport.sent.withLock { $0 }.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(counts.values.allSatisfy { $0 <= 2 }, "\(counts)")
    }
}
