/// What the requesting tasks hand to the event thread (``CurlMulti``), and whether it waits: kept under the multi's
/// lock. A request or a cancellation handed over while the thread waits wakes it (a request only if it may start
/// before the wait can time out); one handed over while the thread works wakes nothing, and the thread takes it
/// instead of waiting, as the only way to start a wait is ``takeWorkOrBeginWait(until:)``.
struct CurlInbox<Job: Sendable>: Sendable {
    /// What becomes of a request handed over with ``add(_:id:start:)``.
    enum Handover: Equatable, Sendable {
        /// Its task was cancelled before: complete it as cancelled, unsent.
        case cancelled
        /// Queued; wake the event thread for it.
        case wake
        /// Queued; the event thread takes it without being woken.
        case quiet
    }

    /// What the event thread takes: requests to start or schedule, and ids of requests in flight to cancel.
    typealias Work = (added: [Job], cancelled: [UInt64])

    /// Requests handed over since the last take.
    private var added: [Job] = []
    /// Cancellations of requests in flight since the last take.
    private var cancelled: [UInt64] = []
    /// Requests handed over and not yet completed.
    private(set) var inFlight: Set<UInt64> = []
    /// Requests cancelled while not in flight: before their hand-over (which then completes them at once) or after
    /// their completion (until their task ends).
    private var cancelledEarly: Set<UInt64> = []
    /// The last id ``newID()`` gave out; ids are never reused, so a stale mark cannot hit a later request.
    private var lastID: UInt64 = 0
    /// The earliest the event thread's current wait can time out: set by ``takeWorkOrBeginWait(until:)``, cleared by
    /// ``endWaitAndTake()``; nil while the thread works.
    private(set) var waitEnds: ContinuousClock.Instant?

    /// A new request's id.
    mutating func newID() -> UInt64 {
        lastID += 1
        return lastID
    }

    /// Hands over `job` (request `id`, not to start before `start`, nil for at once).
    mutating func add(_ job: Job, id: UInt64, start: ContinuousClock.Instant?) -> Handover {
        if cancelledEarly.remove(id) != nil { return .cancelled }
        added.append(job)
        inFlight.insert(id)
        return Self.mustWake(for: start, waitEnds: waitEnds) ? .wake : .quiet
    }

    /// Asks for request `id`'s removal; returns whether to wake the event thread for it (only while it waits). A
    /// request not in flight (not handed over yet, or already completed) is only marked: its hand-over completes it
    /// at once, and ``dropLateCancellation(of:)`` drops the mark.
    mutating func cancel(_ id: UInt64) -> Bool {
        guard inFlight.contains(id) else {
            cancelledEarly.insert(id)
            return false
        }
        cancelled.append(id)
        return waitEnds != nil
    }

    /// Request `id` is completed: a late cancellation leaves it alone.
    mutating func complete(_ id: UInt64) { inFlight.remove(id) }

    /// Request `id`'s task is over: drops the mark of a cancellation that came after its completion.
    mutating func dropLateCancellation(of id: UInt64) { cancelledEarly.remove(id) }

    /// Takes what was handed over since the last take.
    private mutating func take() -> Work {
        defer { (added, cancelled) = ([], []) }
        return (added, cancelled)
    }

    /// What was handed over while the event thread worked (it woke nobody), to be taken instead of waiting; or nil,
    /// and the thread now waits, its wait timing out no earlier than `end`: from here on, a hand-over wakes it as
    /// ``add(_:id:start:)`` and ``cancel(_:)`` say.
    mutating func takeWorkOrBeginWait(until end: ContinuousClock.Instant) -> Work? {
        guard added.isEmpty && cancelled.isEmpty else { return take() }
        waitEnds = end
        return nil
    }

    /// The event thread's wait is over: it takes what came in during the wait, and works until its next
    /// ``takeWorkOrBeginWait(until:)``.
    mutating func endWaitAndTake() -> Work {
        waitEnds = nil
        return take()
    }

    /// Whether a request handed over with start time `start` (nil: at once) must interrupt the event thread's wait,
    /// which times out at `waitEnds` at the earliest (nil: the thread is working, and takes the request before it
    /// waits). Not for a request starting at or after `waitEnds`: it goes out when the poll times out, late at most
    /// by the moment between publishing the wait and entering the poll, as a scheduled start may be. Paced calls,
    /// handed over ahead of their start, thus wake the thread about once per batch instead of once per call; calls
    /// handed over while it works, not at all.
    static func mustWake(for start: ContinuousClock.Instant?, waitEnds: ContinuousClock.Instant?) -> Bool {
        guard let waitEnds else { return false }
        guard let start else { return true }
        return start < waitEnds
    }
}
