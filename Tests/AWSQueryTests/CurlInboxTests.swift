import Testing

@testable import AWSQuery

/// The hand-over between requesting tasks and the event thread: who wakes the thread, and when it must not wait.
@Suite struct CurlInboxTests {
    // A request handed over while the event thread waits interrupts the wait only if it may start before the wait
    // can time out; one that starts then or later is taken when the poll times out, and one handed over while the
    // thread works wakes nothing.
    @Test func onlyARequestDueBeforeTheWaitTimesOutWakesTheEventThread() {
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
    // cancellation left in the inbox would wait for the poll's limit (a minute when nothing else runs). The only way
    // to begin a wait takes it.
    @Test func theThreadTakesWhatCameInWhileItWorkedInsteadOfWaiting() {
        var inbox = CurlInbox<String>()
        let now = ContinuousClock.now
        let end = now + .seconds(1)
        var handover = inbox.add("a", id: 1, start: nil)
        #expect(handover == .quiet, "working: no wake-up")
        var work = inbox.takeWorkOrBeginWait(until: end)
        #expect(work?.added == ["a"], "a request is waiting to be taken")
        #expect(inbox.waitEnds == nil)
        work = inbox.takeWorkOrBeginWait(until: end)
        #expect(work == nil, "nothing left: the thread may wait")
        #expect(inbox.waitEnds == end)
        handover = inbox.add("b", id: 2, start: nil)
        #expect(handover == .wake, "waiting: a request for now wakes the thread")
        handover = inbox.add("c", id: 3, start: end)
        #expect(handover == .quiet, "it starts when the wait times out")
        let afterWait = inbox.endWaitAndTake()
        #expect(afterWait.added == ["b", "c"])
        #expect(inbox.waitEnds == nil)

        var wake = inbox.cancel(2)
        #expect(!wake, "working: no wake-up")
        work = inbox.takeWorkOrBeginWait(until: end)
        #expect(work?.cancelled == [2], "a cancellation is waiting to be taken")
        work = inbox.takeWorkOrBeginWait(until: end)
        #expect(work == nil)
        wake = inbox.cancel(3)
        #expect(wake, "waiting: a cancellation wakes the thread, whatever the request's start")
        let cancelledInWait = inbox.endWaitAndTake().cancelled
        #expect(cancelledInWait == [3])
        #expect(inbox.inFlight == [1, 2, 3], "in flight until the event thread completes them")
    }

    // A task cancelled before its request is handed over: the hand-over completes it unsent, and nothing reaches the
    // event thread, not even while it waits. A cancellation after completion is only marked until its task ends.
    @Test func cancellationsOfRequestsNotInFlightNeverReachTheThread() {
        let end = ContinuousClock.now + .seconds(1)
        var inbox = CurlInbox<String>()
        var work = inbox.takeWorkOrBeginWait(until: end)
        #expect(work == nil, "the thread waits")
        let early = inbox.newID()
        let wakeForEarly = inbox.cancel(early)
        #expect(!wakeForEarly, "not handed over: nothing to wake the waiting thread for")
        let handover = inbox.add("early", id: early, start: nil)
        #expect(handover == .cancelled)
        #expect(inbox.inFlight.isEmpty)
        let afterWait = inbox.endWaitAndTake()
        #expect(afterWait.added.isEmpty && afterWait.cancelled.isEmpty)

        let done = inbox.newID()
        #expect(done != early)
        let second = inbox.add("done", id: done, start: nil)
        #expect(second == .quiet)
        let taken = inbox.takeWorkOrBeginWait(until: end)
        #expect(taken?.added == ["done"])
        #expect(taken?.cancelled == [])
        inbox.complete(done)
        work = inbox.takeWorkOrBeginWait(until: end)
        #expect(work == nil, "the thread waits")
        let wakeForDone = inbox.cancel(done)
        #expect(!wakeForDone, "completed: nothing to wake the waiting thread for")
        let afterLateCancel = inbox.endWaitAndTake()
        #expect(afterLateCancel.cancelled.isEmpty, "a late cancellation is not work for the thread")

        // The mark stays until the task ends; ids are never reused, so only a hand-over of the same id shows it.
        var marked = inbox
        let kept = marked.add("same id", id: done, start: nil)
        #expect(kept == .cancelled, "the mark stays")
        inbox.dropLateCancellation(of: done)
        let dropped = inbox.add("same id", id: done, start: nil)
        #expect(dropped == .quiet, "the mark was dropped when the task ended")
    }
}
