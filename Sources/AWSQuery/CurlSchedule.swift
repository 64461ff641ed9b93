/// The event thread's requests that wait for their start time, kept in start order (equal starts in the order they
/// came). A few dozen at most wait at once (one per task a rate limit holds back), so a sorted array does.
struct CurlSchedule<Job> {
    private var entries: [(id: UInt64, start: ContinuousClock.Instant, job: Job)] = []

    var isEmpty: Bool { entries.isEmpty }

    /// Adds `job`, known as `id`, to start at `start`.
    mutating func insert(_ job: Job, id: UInt64, start: ContinuousClock.Instant) {
        let position = entries.lastIndex { $0.start <= start }.map { $0 + 1 } ?? 0
        entries.insert((id, start, job), at: position)
    }

    /// Removes and returns the job known as `id`, nil when it is not waiting here.
    mutating func remove(_ id: UInt64) -> Job? {
        entries.firstIndex { $0.id == id }.map { entries.remove(at: $0).job }
    }

    /// Removes and returns the earliest job if its start time is `now` or earlier.
    mutating func takeDue(at now: ContinuousClock.Instant) -> Job? {
        guard let first = entries.first, first.start <= now else { return nil }
        return entries.removeFirst().job
    }

    /// How long to wait from `now` for the next start time, in whole milliseconds rounded up (so that the wait never
    /// ends just before it), and never more than `limit`.
    func milliseconds(untilNextAfter now: ContinuousClock.Instant, atMost limit: Int32) -> Int32 {
        guard let start = entries.first?.start else { return limit }
        guard start > now else { return 0 }
        let wait = start - now
        guard wait < .milliseconds(Int64(limit)) else { return limit }
        let (seconds, attoseconds) = wait.components
        return Int32(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
