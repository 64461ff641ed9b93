#if canImport(Glibc)
    import CMalloc
#endif

/// How the C allocator grows its heaps, set once before a command runs.
///
/// glibc gives each thread arena a heap of up to 64 MiB and makes it writable only as far as it is used, one
/// `mprotect` per growth: an HTML audit of 10,000 findings made 7,159 of them, 7 % of its CPU time. With a top pad of
/// 64 MiB a new heap is writable whole when it is made, and the main heap grows in 64 MiB steps. That reserves
/// address space, not memory: a page still costs nothing until it is written, so the peak RSS is unchanged.
enum HeapReservation {
    /// The pad: a thread arena's largest heap on 64-bit glibc.
    static let topPad = 64 << 20

    /// Sets the top pad where the allocator is glibc's; elsewhere does nothing.
    ///
    /// glibc has no way to read the pad back (and `mallopt` answers 1 even to a parameter it does not know), so the
    /// effect is measured, not tested: `strace -f -c plinv audit …` counts the `mprotect` calls (`BENCHMARKS.md`).
    static func apply() {
        #if canImport(Glibc)
            _ = mallopt(M_TOP_PAD, Int32(topPad))
        #endif
    }
}
