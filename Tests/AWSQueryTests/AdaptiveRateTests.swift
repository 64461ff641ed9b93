import Foundation
import Testing

@testable import AWSQuery

/// The adaptive retry mode's sending rate (botocore's ClientRateLimiter + CUBIC), on a manual clock.
@Suite struct AdaptiveRateTests {
    /// Sends at 10 per second for two seconds, all answered, then one throttle.
    static func throttledAfterTwoSecondsAtTen(_ clock: FakeClock) async throws -> AdaptiveRate {
        let rate = AdaptiveRate(now: { clock.now }, sleep: { clock.sleep($0) })
        for _ in 0..<20 {
            #expect(try await rate.acquire() == 0)  // nothing is paced before the first throttle
            await rate.record(throttled: false)
            clock.advance(0.1)
        }
        #expect(await !rate.isEnabled)
        await rate.record(throttled: true)
        return rate
    }

    @Test func aThrottleCutsTheRateToSeventyPercentOfWhatWasSent() async throws {
        let clock = FakeClock()
        let rate = try await Self.throttledAfterTwoSecondsAtTen(clock)
        #expect(await rate.isEnabled)
        let sending = await rate.sendingRate
        #expect(sending > 5 && sending < 7.5, "measured ≈ 10/s, so 0.7 × that: \(sending)")
        // Back-to-back sends are now spaced 1/rate apart.
        var waited = 0.0
        for _ in 0..<10 { waited += try await rate.acquire() }
        #expect(waited > 8.0 / sending && waited < 11.0 / sending, "\(waited)")
    }

    @Test func successesAfterAThrottleLetTheRateGrowBack() async throws {
        let clock = FakeClock()
        let rate = try await Self.throttledAfterTwoSecondsAtTen(clock)
        let cut = await rate.sendingRate
        for _ in 0..<40 {
            try await rate.acquire()
            await rate.record(throttled: false)
            clock.advance(0.1)
        }
        #expect(await rate.sendingRate > cut)
    }

    @Test func adaptiveModeAddsTheLayerAndOtherModesDoNot() throws {
        func layers(_ mode: String) throws -> [String] {
            let client = try QueryClient(
                service: .ec2, region: "us-east-1", credentials: QueryClientTests.provider,
                transport: ScriptedTransport([.fail(.network("unused"))]),
                retry: .configured(mode: mode, maxAttempts: nil))
            return client.pipeline.layers.map { String(describing: type(of: $0)) }
        }
        #expect(try layers("adaptive").contains("AdaptiveRateLayer"))
        #expect(try !layers("standard").contains("AdaptiveRateLayer"))
        #expect(try !layers("legacy").contains("AdaptiveRateLayer"))
    }
}
