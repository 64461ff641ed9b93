import CSQLiteConfig

/// SQLite's count of the memory it has allocated, which plinv never reads.
///
/// With the statistics on (the distribution's build has them on), every `sqlite3_malloc` and `sqlite3_free` takes a
/// process-wide mutex to update the count: 216,000 of each in a first collect of 10,000 endpoints, and
/// `pthread_mutex_lock` and `unlock` were 2.9 % of its samples (`perf record`). Off, SQLite allocates straight from
/// the C allocator. SQLite lets this be set only before it initializes, so the executable turns them off first
/// thing, before any database opens; like the allocator's tuning, its effect is measured (`BENCHMARKS.md`).
public enum SQLiteMemoryStatistics {
    /// Turns the statistics off; false when SQLite was already initialized in this process (nothing changes then).
    @discardableResult
    public static func turnOff() -> Bool {
        plinv_sqlite3_config_memstatus(0) == 0
    }
}
