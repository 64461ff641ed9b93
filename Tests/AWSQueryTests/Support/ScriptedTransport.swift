import Foundation
import Synchronization

@testable import AWSQuery

/// An in-process `HTTPTransport` that answers from a script and records what it was sent.
final class ScriptedTransport: HTTPTransport {
    /// One scripted answer.
    enum Step: Sendable {
        case respond(HTTPResponse)
        case fail(QueryError)
    }

    private let state: Mutex<(steps: [Step], requests: [HTTPRequest], starts: [ContinuousClock.Instant?])>
    private let continuation: AsyncStream<Int>.Continuation
    /// Yields the running request count each time a request arrives.
    let arrivals: AsyncStream<Int>

    /// Whether it says it schedules requests itself: a rate-limited call then hands it its start time, which it
    /// records (in `starts`) without waiting.
    let schedulesRequests: Bool

    /// Answers with `steps` in order; the last step repeats.
    init(_ steps: [Step], schedulesRequests: Bool = false) {
        precondition(!steps.isEmpty)
        self.schedulesRequests = schedulesRequests
        state = Mutex((steps, [], []))
        (arrivals, continuation) = AsyncStream.makeStream(of: Int.self)
    }

    /// A transport whose every answer is `status` with the fixture file `name`.
    convenience init(status: Int, fixture name: String) {
        self.init([.respond(HTTPResponse(status: status, body: Fixture.data(name)))])
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// The start time each request was handed, in order (nil: at once).
    var starts: [ContinuousClock.Instant?] { state.withLock { $0.starts } }

    /// The form parameters of each request sent, decoded.
    var sentParameters: [[String: String]] {
        requests.map { request in
            var out: [String: String] = [:]
            for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
                let parts = pair.replacingOccurrences(of: "+", with: " ")
                    .split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                out[String(parts[0]).removingPercentEncoding ?? ""] =
                    parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? "" : ""
            }
            return out
        }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await answer(request, start: nil)
    }

    func send(_ request: HTTPRequest, notBefore start: ContinuousClock.Instant) async throws -> HTTPResponse {
        try await answer(request, start: start)
    }

    private func answer(_ request: HTTPRequest, start: ContinuousClock.Instant?) async throws -> HTTPResponse {
        let (step, count) = state.withLock { state -> (Step, Int) in
            state.requests.append(request)
            state.starts.append(start)
            let step = state.steps.count > 1 ? state.steps.removeFirst() : state.steps[0]
            return (step, state.requests.count)
        }
        continuation.yield(count)
        switch step {
        case .respond(let response): return response
        case .fail(let error): throw error
        }
    }
}

/// Reads files under `Fixtures/`.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The bytes of `Fixtures/xml/<name>`; empty when missing, which the tests then fail on.
    static func data(_ name: String) -> Data {
        (try? Data(contentsOf: directory.appendingPathComponent("xml").appendingPathComponent(name))) ?? Data()
    }
}

/// A manual clock for the rate limiter: sleeping advances it and is recorded.
final class FakeClock: Sendable {
    private let state = Mutex<(now: Double, sleeps: [Double])>((0, []))

    var now: Double { state.withLock { $0.now } }
    var sleeps: [Double] { state.withLock { $0.sleeps } }

    func advance(_ seconds: Double) { state.withLock { $0.now += seconds } }

    func sleep(_ seconds: Double) {
        state.withLock {
            $0.now += seconds
            $0.sleeps.append(seconds)
        }
    }
}

/// Records the backoff delays a retry policy asked to sleep, without sleeping.
final class SleepRecorder: Sendable {
    private let state = Mutex<[Duration]>([])
    var delays: [Duration] { state.withLock { $0 } }
    func record(_ delay: Duration) { state.withLock { $0.append(delay) } }
}

extension RetryPolicy {
    /// Standard mode with a fixed jitter draw and a recorded, instant sleep.
    static func instant(random: Double = 0.5, recorder: SleepRecorder, maxAttempts: Int = 3, quota: Int = 500)
        -> RetryPolicy
    {
        RetryPolicy(
            maxAttempts: maxAttempts, quotaCapacity: quota, random: { random },
            sleep: { recorder.record($0) })
    }
}
