import CCurl

/// Easy handles of finished transfers, reset and kept for the next ones: `curl_easy_reset` costs less than a
/// `curl_easy_cleanup` and `curl_easy_init` per request. A reset handle keeps nothing of its last request (every
/// option back to its default); connections belong to the multi handle either way. Used on the `CurlMulti` event
/// thread only.
final class CurlHandlePool {
    private var idle: [UnsafeMutableRawPointer] = []
    /// The most idle handles kept; more are cleaned up.
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    deinit {
        for easy in idle { plinv_curl_easy_cleanup(easy) }
    }

    /// An idle handle, or a new one; nil when libcurl cannot allocate one.
    func take() -> UnsafeMutableRawPointer? {
        idle.popLast() ?? plinv_curl_easy_init()
    }

    /// Takes back a handle whose transfer is over (already removed from the multi handle), resetting its options
    /// before its transfer frees what they point to.
    func giveBack(_ easy: UnsafeMutableRawPointer) {
        plinv_curl_easy_reset(easy)
        if idle.count < capacity {
            idle.append(easy)
        } else {
            plinv_curl_easy_cleanup(easy)
        }
    }
}
