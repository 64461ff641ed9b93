import Testing

@testable import AWSQuery

/// The hand-over between requesting tasks and the event thread: who wakes the thread, and when it must not wait.
@Suite struct CurlInboxTests {
    // A request handed over while the event thread waits interrupts the wait only if it may start before the wait
    // ends; one that starts later is read when the thread wakes on its own, and one handed over while the thread
    // works wakes nothing.
    @Test func onlyARequestDueBeforeTheWaitEndsWakesTheEventThread() {
        let now = ContinuousClock.now
        let waitEnds = now + .milliseconds(200)
        #expect(CurlInbox<Int>.mustWake(for: nil, waitEnds: waitEnds), "a request for now")
        #expect(CurlInbox<Int>.mustWake(for: now + .milliseconds(199), waitEnds: waitEnds))
        #expect(!CurlInbox<Int>.mustWake(for: waitEnds, waitEnds: waitEnds))
        #expect(!CurlInbox<Int>.mustWake(for: now + .seconds(5), waitEnds: waitEnds))
        #expect(!CurlInbox<Int>.mustWake(for: nil, waitEnds: nil), "the thread is working")
        #expect(!CurlInbox<Int>.mustWake(for: now + .seconds(5), waitEnds: nil), "the thread is working")
    }

    // What comes in while the thread works wakes nobody, so the thread must take it before it waits: a request or a
    // cancellation left in the inbox would wait for the poll's limit (a minute when nothing else runs).
    @Test func theThreadTakesWhatCameInWhileItWorkedBeforeItWaits() {
        var inbox = CurlInbox<String>()
        let now = ContinuousClock.now
        let end = now + .seconds(1)
        var wake = inbox.add("a", id: 1, start: nil)
        #expect(!wake, "working: no wake-up")
        var waits = inbox.beginWait(until: end)
        #expect(!waits, "a request is waiting to be taken")
        #expect(inbox.waitEnds == nil)
        #expect(inbox.take().added == ["a"])
        waits = inbox.beginWait(until: end)
        #expect(waits)
        #expect(inbox.waitEnds == end)
        wake = inbox.add("b", id: 2, start: nil)
        #expect(wake, "waiting: a request for now wakes the thread")
        wake = inbox.add("c", id: 3, start: now + .seconds(2))
        #expect(!wake, "it starts after the wait ends")
        inbox.endWait()
        #expect(inbox.take().added == ["b", "c"])

        wake = inbox.cancel(2)
        #expect(!wake, "working: no wake-up")
        waits = inbox.beginWait(until: end)
        #expect(!waits, "a cancellation is waiting to be taken")
        #expect(inbox.take().cancelled == [2])
        waits = inbox.beginWait(until: end)
        #expect(waits)
        wake = inbox.cancel(3)
        #expect(wake, "waiting: a cancellation wakes the thread")
        #expect(inbox.inFlight == [1, 2, 3])
    }
}
