import Foundation
import Logging
import Testing

@testable import AWSQuery

/// The transports side by side in one process, for BENCHMARKS.md ("HTTP transport"): client CPU (getrusage of
/// this process, user + system) while waiting on a peer that answers after 2 s, and per call against moto.
/// Off unless asked for; run it alone so that nothing else spends this process's CPU:
/// `PLINV_TRANSPORT_BENCH=1 swift test --skip-build --filter CurlTransportBenchmarks`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["PLINV_TRANSPORT_BENCH"] != nil))
struct CurlTransportBenchmarks {
    /// The transports compared, by name. At 713edbf this also listed `AsyncHTTPClientTransport()` and
    /// `URLSessionTransport()`: the side-by-side run in BENCHMARKS.md; both have since left the package.
    static let transports: [(String, any HTTPTransport)] = [("libcurl", CurlTransport())]

    /// This process's CPU seconds so far (user + system, all threads).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// CPU and wall seconds that `work` takes.
    static func measure(_ work: () async throws -> Void) async rethrows -> (cpu: Double, wall: Double) {
        let (cpu, start) = (cpuSeconds(), ContinuousClock.now)
        try await work()
        let wall = ContinuousClock.now - start
        return (cpuSeconds() - cpu, Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
    }

    /// The transports in round `round`'s order (reversed every other round, so neither always goes first).
    static func order(_ round: Int) -> [(String, any HTTPTransport)] {
        round % 2 == 0 ? transports.reversed() : transports
    }

    @Test func cpuWhileWaitingOnA2sPeer() async throws {
        let server = try await CurlTransportTests.RawServer.start()
        defer { server.stop() }
        /// A POST with a form body, as the Query client sends (URLSession's spin needs the write phase).
        func post(_ path: String) -> HTTPRequest {
            HTTPRequest(
                method: "POST", url: server.url(path), headers: [("Content-Type", QueryClient.formContentType)],
                body: Array("Action=DescribeVpcEndpoints&Version=2016-11-15".utf8))
        }
        for round in 1...2 {
            for (name, transport) in Self.order(round) {
                _ = try await transport.send(post("/delay/0"))  // connected and warm
                let cost = try await Self.measure {
                    for _ in 0..<5 { _ = try await transport.send(post("/delay/2000")) }
                }
                print(
                    String(
                        format: "bench wait-2s round %d %@: CPU %.3f s, wall %.2f s for 5 calls", round, name, cost.cpu,
                        cost.wall))
            }
        }
    }

    @Test func cpuPerCallAgainstMoto() async throws {
        let peer = try await MotoPeer.shared.info()
        let logger = Logger(label: "transport-bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let calls = 1_000
        for round in 1...2 {
            for (name, transport) in Self.order(round) {
                let client = try QueryClient(
                    service: .ec2, region: "us-east-1", endpoint: URL(string: peer.url),
                    credentials: StaticCredentialProvider(
                        Credentials(accessKeyId: peer.accessKeyId, secretAccessKey: peer.secretAccessKey)),
                    transport: transport)
                _ = try await client.send("DescribeVpcEndpoints", logger: logger)  // connected and warm
                let cost = try await Self.measure {
                    for _ in 0..<calls { _ = try await client.send("DescribeVpcEndpoints", logger: logger) }
                }
                print(
                    String(
                        format: "bench moto round %d %@: CPU %.3f s, wall %.2f s for %d calls: %.3f ms CPU per call",
                        round, name, cost.cpu, cost.wall, calls, cost.cpu * 1000 / Double(calls)))
            }
        }
    }
}
