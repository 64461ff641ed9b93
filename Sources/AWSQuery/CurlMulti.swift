import CCurl
import Foundation
import Synchronization

/// One request as the event thread needs it; everything in it crosses threads.
struct CurlJob: Sendable {
    var id: UInt64
    var request: HTTPRequest
    var options: CurlTransport
    /// When the transfer may start (a rate limiter's due time); nil for at once.
    var notBefore: ContinuousClock.Instant?
    var continuation: CheckedContinuation<HTTPResponse, any Error>
}

/// libcurl's multi interface on one event thread, for the whole process: requests are handed over through a
/// lock-protected inbox, the thread adds them to its multi handle, waits in `curl_multi_poll` (no CPU while
/// nothing arrives) and resumes each request's continuation when its transfer ends. `curl_multi_wakeup`
/// interrupts the wait when a request is cancelled, or added unless the wait times out before the request may start;
/// a request or cancellation handed over while the thread works wakes nothing, as the thread takes it instead of
/// waiting (``CurlInbox``). A request given a start time (a rate-limited call) waits on the thread's schedule, which
/// shortens the poll to its due time, rather than in a sleeping task.
/// Connections stay in the multi handle's cache, so requests to one host reuse them (HTTP/1.1 keep-alive, or one
/// HTTP/2 connection multiplexed).
final class CurlMulti: Sendable {
    /// The process's one multi handle and event thread, started on first use: libcurl is loaded then (see `CCurl`),
    /// and when it cannot be, every request fails with why.
    static let shared: Result<CurlMulti, QueryError> = {
        var reason = [CChar](repeating: 0, count: 512)
        guard plinv_curl_load(&reason, reason.count) == 0 else {
            return .failure(.invalidConfiguration(reason.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }))
        }
        return .success(CurlMulti())
    }()

    /// At most this many connections to one host at once; further requests wait in libcurl for a free one.
    static let maxHostConnections = 16

    /// Idle connections kept for reuse, however few transfers are running. libcurl's default keeps four per transfer
    /// in flight, so whenever few run (between paced calls, or when one host's listings end while another's go on)
    /// it closed the oldest idle connection, and the next request to that host paid for a new connection (and TLS).
    static let maxCachedConnections = 64

    /// The multi handle, held as its address's bits (a pointer is not `Sendable`). Only the event thread uses the
    /// handle, except for `curl_multi_wakeup`, which libcurl allows from any thread; that is all this type offers off
    /// the event thread.
    private struct Handle: Sendable {
        private let address: UInt

        init(_ pointer: UnsafeMutableRawPointer) { address = UInt(bitPattern: pointer) }

        /// The multi handle, for the event thread.
        var pointer: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: address)! }

        /// Interrupts the event thread's `curl_multi_poll`.
        func wake() { plinv_curl_multi_wakeup(pointer) }
    }

    private let inbox = Mutex(CurlInbox<CurlJob>())
    private let handle: Handle

    private init() {
        plinv_curl_global_init(plinv_curl_global_default)
        guard let multi = plinv_curl_multi_init() else { fatalError("curl_multi_init failed (out of memory)") }
        plinv_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, Self.maxHostConnections)
        plinv_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, Self.maxCachedConnections)
        plinv_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        handle = Handle(multi)
        Thread.detachNewThread { [self] in run() }
    }

    /// Runs `request` with `options`, not before `notBefore` when given, and returns its response; cancelling the
    /// task removes the transfer, or the request from the schedule.
    func perform(
        _ request: HTTPRequest, options: CurlTransport, notBefore: ContinuousClock.Instant? = nil
    ) async throws -> HTTPResponse {
        let id = inbox.withLock { $0.newID() }
        // A cancellation that arrives after completion but before the handler is removed leaves the id behind.
        defer { inbox.withLock { $0.dropLateCancellation(of: id) } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                submit(
                    CurlJob(
                        id: id, request: request, options: options, notBefore: notBefore, continuation: continuation))
            }
        } onCancel: {
            cancel(id)
        }
    }

    /// Hands `job` to the event thread, or completes it as cancelled if its task already was.
    private func submit(_ job: CurlJob) {
        switch inbox.withLock({ $0.add(job, id: job.id, start: job.notBefore) }) {
        case .cancelled: job.continuation.resume(throwing: QueryError.cancelled)
        case .wake: handle.wake()
        case .quiet: break
        }
    }

    /// Asks the event thread to remove request `id`'s transfer and complete it as cancelled.
    private func cancel(_ id: UInt64) {
        if inbox.withLock({ $0.cancel(id) }) { handle.wake() }
    }

    /// Marks request `id` completed, so that a late cancellation leaves it alone.
    private func complete(_ id: UInt64) {
        inbox.withLock { $0.complete(id) }
    }

    /// The event thread: forever take new and cancelled requests, drive the transfers, wait for sockets.
    private func run() {
        plinv_name_thread("plinv-curl")  // Foundation's `Thread.name` does not reach the OS on Linux
        let multi = handle.pointer
        var transfers: [UInt64: CurlTransfer] = [:]
        var byEasy: [UnsafeMutableRawPointer: UInt64] = [:]
        /// Requests waiting for their start time, the earliest first.
        var schedule = CurlSchedule<CurlJob>()
        let handles = CurlHandlePool(capacity: Self.maxHostConnections)

        /// Removes transfer `id` from the multi handle and resumes its task with `result`.
        func finish(_ id: UInt64, _ result: Result<HTTPResponse, QueryError>) {
            guard let transfer = transfers.removeValue(forKey: id) else { return }
            byEasy[transfer.easy] = nil
            plinv_curl_multi_remove_handle(multi, transfer.easy)
            handles.giveBack(transfer.easy)
            complete(id)
            transfer.continuation.resume(with: result.mapError { $0 })
        }

        /// Adds `job`'s transfer to the multi handle.
        func start(_ job: CurlJob) {
            switch CurlTransfer.make(job, handles: handles) {
            case .success(let transfer):
                transfers[job.id] = transfer
                byEasy[transfer.easy] = job.id
                let code = plinv_curl_multi_add_handle(multi, transfer.easy)
                if code != CURLM_OK {
                    finish(job.id, .failure(transfer.error(multi: code)))
                }
            case .failure(let error):
                complete(job.id)
                job.continuation.resume(throwing: error)
            }
        }

        // The work to do: none before the first look at the inbox, which is the first `takeWorkOrBeginWait`.
        var (added, cancelled): CurlInbox<CurlJob>.Work = ([], [])
        while true {
            var now = ContinuousClock.now
            for job in added {
                if let start = job.notBefore, start > now {
                    schedule.insert(job, id: job.id, start: start)
                } else {
                    start(job)
                }
            }
            for id in cancelled {
                if let job = schedule.remove(id) {
                    complete(id)
                    job.continuation.resume(throwing: QueryError.cancelled)
                } else {
                    finish(id, .failure(.cancelled))
                }
            }
            now = ContinuousClock.now
            while let job = schedule.takeDue(at: now) { start(job) }

            var running: Int32 = 0
            plinv_curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = plinv_curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                    let id = byEasy[easy], let transfer = transfers[id]
                else { continue }
                finish(id, transfer.outcome(message.pointee.data.result))
            }
            // libcurl shortens the wait to its own next timeout (connect, low-speed check, keep-alive upkeep); the
            // schedule to the next start time.
            let limit: Int32 = transfers.isEmpty ? 60_000 : 1_000
            now = ContinuousClock.now
            let wait = schedule.milliseconds(untilNextAfter: now, atMost: limit)
            // What was handed over while the thread worked woke nobody: it is taken instead of waiting. Otherwise the
            // wait is published first: a request handed over from here on wakes the thread unless it starts at or
            // after `now + wait`, when the poll times out at the earliest (it starts a little after `now`, so a quiet
            // request may go out that much late, as a scheduled start may).
            if let work = inbox.withLock({ $0.takeWorkOrBeginWait(until: now + .milliseconds(Int64(wait))) }) {
                (added, cancelled) = work
                continue
            }
            plinv_curl_multi_poll(multi, nil, 0, wait, nil)
            (added, cancelled) = inbox.withLock { $0.endWaitAndTake() }
        }
    }
}
