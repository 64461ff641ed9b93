import Foundation
import Testing

@testable import AWSQuery

@Suite struct RetryPolicyTests {
    static let table: [(QueryError, RetryClass)] = [
        (.service(code: "RequestLimitExceeded", message: "", requestId: nil, status: 503), .throttling),
        (.service(code: "EC2ThrottledException", message: "", requestId: nil, status: 503), .throttling),
        (.service(code: "Throttling", message: "", requestId: nil, status: 400), .throttling),
        (.service(code: "ThrottlingException", message: "", requestId: nil, status: 400), .throttling),
        (.service(code: "TooManyRequestsException", message: "", requestId: nil, status: 400), .throttling),
        (.service(code: "SlowDown", message: "", requestId: nil, status: 503), .throttling),
        (.service(code: "RequestTimeout", message: "", requestId: nil, status: 400), .transient),
        (.service(code: "InternalError", message: "", requestId: nil, status: 500), .transient),
        (.service(code: "ServiceUnavailable", message: "", requestId: nil, status: 503), .transient),
        (.service(code: "Unknown", message: "", requestId: nil, status: 429), .throttling),
        (.service(code: "AuthFailure", message: "", requestId: nil, status: 401), .nonRetryable),
        (.service(code: "UnauthorizedOperation", message: "", requestId: nil, status: 403), .nonRetryable),
        (.service(code: "InvalidParameterValue", message: "", requestId: nil, status: 400), .nonRetryable),
        (.service(code: "InvalidPaginationToken", message: "", requestId: nil, status: 400), .nonRetryable),
        (.service(code: "AccessDenied", message: "", requestId: nil, status: 403), .nonRetryable),
        (.httpStatus(status: 500, bodyExcerpt: ""), .transient),
        (.httpStatus(status: 502, bodyExcerpt: ""), .transient),
        (.httpStatus(status: 504, bodyExcerpt: ""), .transient),
        (.httpStatus(status: 501, bodyExcerpt: ""), .nonRetryable),
        (.httpStatus(status: 404, bodyExcerpt: ""), .nonRetryable),
        (.network("connection reset"), .transient),
        (.malformedResponse(action: "X", status: 200, detail: ""), .nonRetryable),
        (.credentials("none"), .nonRetryable),
        (.cancelled, .nonRetryable),
    ]

    @Test(arguments: table)
    func classifiesByCodeThenStatusThenNetwork(error: QueryError, expected: RetryClass) {
        #expect(RetryPolicy.classify(error) == expected)
    }

    @Test func nonQueryErrorsAreNotRetried() {
        #expect(RetryPolicy.classify(CancellationError()) == .nonRetryable)
    }

    @Test func backoffIsFullJitterTimesTheCappedExponential() {
        let half = RetryPolicy(random: { 0.5 })
        #expect(half.backoff(retry: 0, retryClass: .throttling) == .milliseconds(500))
        #expect(half.backoff(retry: 1, retryClass: .throttling) == .seconds(1))
        #expect(half.backoff(retry: 0, retryClass: .transient) == .milliseconds(500))
        #expect(half.backoff(retry: 3, retryClass: .transient) == .seconds(4))
        #expect(half.backoff(retry: 10, retryClass: .throttling) == .seconds(10))
        let top = RetryPolicy(random: { 0.999_999 })
        for retry in 0..<40 {
            #expect(top.backoff(retry: retry, retryClass: .throttling) <= .seconds(20))
            #expect(top.backoff(retry: retry, retryClass: .transient) <= .seconds(20))
        }
        #expect(RetryPolicy(random: { 0 }).backoff(retry: 5, retryClass: .throttling) == .zero)
    }

    @Test func retryAfterIsClampedToComputedPlusFiveSeconds() {
        let policy = RetryPolicy(random: { 0.5 })
        #expect(policy.backoff(retry: 0, retryClass: .throttling, retryAfterMilliseconds: 2000) == .seconds(2))
        #expect(
            policy.backoff(retry: 0, retryClass: .throttling, retryAfterMilliseconds: 60_000) == .milliseconds(5500))
        #expect(policy.backoff(retry: 0, retryClass: .throttling, retryAfterMilliseconds: 10) == .milliseconds(500))
    }

    @Test func quotaRefusesWhenEmptyAndRefundsUpToCapacity() {
        let quota = RetryQuota(capacity: 20)
        #expect(quota.acquire(14))
        #expect(!quota.acquire(14))
        #expect(quota.available == 6)
        quota.release(100)
        #expect(quota.available == 20)
    }

    @Test func configuredModesFollowBotocore() {
        let legacy = RetryPolicy.configured(mode: "legacy", maxAttempts: nil)
        #expect(legacy.maxAttempts == 5)
        #expect(legacy.quotaCapacity == nil)
        #expect(legacy.maxBackoff == nil)
        let standard = RetryPolicy.configured(mode: nil, maxAttempts: 7)
        #expect(standard.mode == .standard)
        #expect(standard.maxAttempts == 7)
        #expect(standard.quotaCapacity == 500)
        #expect(RetryPolicy.configured(mode: "ADAPTIVE", maxAttempts: nil).mode == .adaptive)
        // botocore's standard backoff for a transient error: rand × min(2^retry, 20) s, the same as throttling.
        var top = RetryPolicy.configured(mode: "standard", maxAttempts: nil)
        top.random = { 1 }
        #expect(
            (0..<6).map { top.backoff(retry: $0, retryClass: .transient) }
                == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(20)])
        var uncapped = legacy
        uncapped.random = { 1 }
        #expect(uncapped.backoff(retry: 6, retryClass: .transient) == .seconds(64))
        #expect(uncapped.backoff(retry: 0, retryClass: .throttling, retryAfterMilliseconds: 3000) == .seconds(1))
    }

    @Test func maxAttemptsIsAtLeastOne() {
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
        #expect(RetryPolicy.standard(maxAttempts: 5).maxAttempts == 5)
        #expect(RetryPolicy.standard.maxAttempts == 3)
    }
}
