import Testing

@testable import AWSQuery

/// The event thread's schedule of requests waiting for their start time.
@Suite struct CurlScheduleTests {
    let origin = ContinuousClock.now

    @Test func jobsComeOutInStartOrderEqualStartsInArrivalOrder() {
        var schedule = CurlSchedule<String>()
        schedule.insert("c", id: 1, start: origin + .milliseconds(30))
        schedule.insert("a", id: 2, start: origin + .milliseconds(10))
        schedule.insert("b1", id: 3, start: origin + .milliseconds(20))
        schedule.insert("b2", id: 4, start: origin + .milliseconds(20))
        var order: [String] = []
        while let job = schedule.takeDue(at: origin + .seconds(1)) { order.append(job) }
        #expect(order == ["a", "b1", "b2", "c"])
        #expect(schedule.isEmpty)
    }

    @Test func onlyJobsWhoseStartHasComeAreDue() {
        var schedule = CurlSchedule<String>()
        schedule.insert("later", id: 1, start: origin + .milliseconds(50))
        schedule.insert("now", id: 2, start: origin)
        #expect(schedule.takeDue(at: origin) == "now")
        #expect(schedule.takeDue(at: origin + .milliseconds(49)) == nil)
        #expect(schedule.takeDue(at: origin + .milliseconds(50)) == "later")
    }

    @Test func aCancelledJobIsRemovedByItsID() {
        var schedule = CurlSchedule<String>()
        schedule.insert("kept", id: 1, start: origin + .milliseconds(10))
        schedule.insert("cancelled", id: 2, start: origin + .milliseconds(5))
        #expect(schedule.remove(2) == "cancelled")
        #expect(schedule.remove(2) == nil)
        #expect(schedule.takeDue(at: origin + .seconds(1)) == "kept")
    }

    @Test func theWaitIsRoundedUpToTheNextStartAndCapped() {
        var schedule = CurlSchedule<String>()
        #expect(schedule.milliseconds(untilNextAfter: origin, atMost: 1_000) == 1_000, "nothing waiting")
        schedule.insert("job", id: 1, start: origin + .microseconds(2_001))
        // 2.001 ms: a 2 ms wait would wake before the start and find nothing due.
        #expect(schedule.milliseconds(untilNextAfter: origin, atMost: 1_000) == 3)
        #expect(schedule.milliseconds(untilNextAfter: origin + .milliseconds(3), atMost: 1_000) == 0, "overdue")
        #expect(schedule.milliseconds(untilNextAfter: origin - .seconds(5), atMost: 1_000) == 1_000)
    }
}
