/// What the requesting tasks hand to the event thread (``CurlMulti``), and whether it waits: kept under the multi's
/// lock. A hand-over wakes the thread only while it waits, and only for a request that may start before the wait ends;
/// the thread, before it waits, takes what came in while it worked.
struct CurlInbox<Job: Sendable>: Sendable {
    private(set) var added: [Job] = []
    private(set) var cancelled: [UInt64] = []
    /// Requests handed over and not yet completed.
    var inFlight: Set<UInt64> = []
    /// Requests cancelled before they were handed over (the handover then completes them at once).
    var cancelledEarly: Set<UInt64> = []
    var lastID: UInt64 = 0
    /// When the event thread's wait ends at the latest, while it waits; nil while it works.
    private(set) var waitEnds: ContinuousClock.Instant?

    /// Hands over `job` (request `id`, not to start before `start`); returns whether the thread must be woken for it.
    mutating func add(_ job: Job, id: UInt64, start: ContinuousClock.Instant?) -> Bool {
        added.append(job)
        inFlight.insert(id)
        return Self.mustWake(for: start, waitEnds: waitEnds)
    }

    /// Asks for request `id`'s removal; returns whether the thread must be woken for it (only while it waits).
    mutating func cancel(_ id: UInt64) -> Bool {
        cancelled.append(id)
        return waitEnds != nil
    }

    /// Takes what was handed over since the last call.
    mutating func take() -> (added: [Job], cancelled: [UInt64]) {
        defer { (added, cancelled) = ([], []) }
        return (added, cancelled)
    }

    /// The event thread is about to wait until `end` at the latest. Returns false, and the thread must not wait, when
    /// a request or a cancellation came in while it worked: that woke nobody, so the thread takes it first.
    mutating func beginWait(until end: ContinuousClock.Instant) -> Bool {
        guard added.isEmpty && cancelled.isEmpty else { return false }
        waitEnds = end
        return true
    }

    /// The event thread's wait is over; it works until its next ``beginWait(until:)``.
    mutating func endWait() { waitEnds = nil }

    /// Whether a request handed over with start time `start` (nil: at once) must interrupt the event thread's wait,
    /// which ends at `waitEnds` (nil: the thread is working, and reads the inbox before it waits again). Not when the
    /// thread will wake by the request's start anyway. Paced calls, handed over ahead of their start, thus wake the
    /// thread about once per batch instead of once per call; calls handed over while it works, not at all.
    static func mustWake(for start: ContinuousClock.Instant?, waitEnds: ContinuousClock.Instant?) -> Bool {
        guard let waitEnds else { return false }
        guard let start else { return true }
        return start < waitEnds
    }
}
