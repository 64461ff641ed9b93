import Foundation
import GRDB
import Logging
import PrivateLinkModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The snapshot history: an SQLite database (WAL mode) holding every collected snapshot, deduplicated.
///
/// Each snapshot is written in one transaction, so a crash leaves all of it or none of it. Two
/// processes may share the file: a writer waits up to the busy timeout for the other one, then fails
/// with ``StoreError/locked(path:timeout:)``. Storage design and views: `Schema/README.md`.
public struct SnapshotStore: Sendable {
    /// The database file.
    public let path: String
    /// How long a write waits for another process's write before failing.
    public let busyTimeout: Duration
    let pool: DatabasePool
    let logger: Logger
    /// Whether opening gave the pages an older plinv's data no longer needs back to the file system (`VACUUM`).
    private(set) var vacuumedAfterMigrating = false

    /// Opens the database at `path`, creating it (mode 0600) and applying pending migrations.
    ///
    /// - Throws: ``StoreError`` when the file is not a plinv database, is corrupt, was written by a
    ///   newer plinv, or stays locked longer than `busyTimeout`. None of these change the file.
    public init(path: String, busyTimeout: Duration = .seconds(30), logger: Logger = SnapshotStore.silentLogger)
        throws
    {
        try self.init(path: path, busyTimeout: busyTimeout, logger: logger, create: true)
    }

    /// Opens an existing database for commands that only read; fails when the file is missing.
    public static func openExisting(
        path: String, busyTimeout: Duration = .seconds(30), logger: Logger = SnapshotStore.silentLogger
    ) throws -> SnapshotStore {
        try SnapshotStore(path: path, busyTimeout: busyTimeout, logger: logger, create: false)
    }

    /// A logger that discards everything: the default for callers that pass none.
    public static let silentLogger = Logger(label: "plinv.store") { _ in SwiftLogNoOpLogHandler() }

    private init(path: String, busyTimeout: Duration, logger: Logger, create: Bool) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        self.logger = logger
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            guard create else { throw StoreError.databaseMissing(path: path) }
            try Self.createPrivateFile(at: path)
            logger.debug("created database file", metadata: ["store.path": "\(path)"])
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout.seconds)
        configuration.label = "plinv.store"
        configuration.prepareDatabase { db in try BodyFunctions.register(on: db) }
        var compressedOldData = false
        pool = try StoreError.mapping(path: path, timeout: busyTimeout, operation: "opening the database") {
            // Probe with a plain connection first: it reads without switching the file to WAL, so a
            // foreign or newer database is refused before anything in it changes.
            if exists {
                let probe = try DatabaseQueue(path: path, configuration: configuration)
                try probe.read { try SchemaMigration.checkCompatible($0, path: path) }
                try probe.close()
            }
            let pool = try Self.openPool(path: path, configuration: configuration, busyTimeout: busyTimeout)
            if !exists {
                let created = try pool.writeWithoutTransaction { db in
                    var created = false
                    try db.inTransaction(.immediate) {
                        created = try SchemaMigration.createNewDatabase(db)
                        return .commit
                    }
                    return created
                }
                if created {
                    // This process wrote the whole schema and recorded every migration: nothing to check or apply.
                    // The checks below would open the pool's first reader connection (a new connection parses the
                    // schema's 16 KB of SQL again), which a first collect otherwise never needs.
                    logger.debug("created the schema of a new database", metadata: ["store.path": "\(path)"])
                    return pool
                }
            }
            try pool.read { try SchemaMigration.checkCompatible($0, path: path) }
            let applied = try pool.read { try SchemaMigration.migrator.appliedIdentifiers($0) }
            // Counted before migrating: a database whose only conversion is 0007 with no report is not rewritten.
            let hasReports =
                try applied.contains(SchemaMigration.reportHistory)
                && pool.read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM report_run)") ?? false }
            compressedOldData = SchemaMigration.compressesOldData(applied: Set(applied), hasReports: hasReports)
            // A second process creating the same new file applies the same migration at the same moment, and its
            // copy fails ("table exists") and rolls back while the first goes on with the next migrations. Each such
            // collision means the other process committed one more migration, so trying again (the migrator skips
            // what is applied) ends after at most one try per migration.
            for attempt in 0...SchemaMigration.migrator.migrations.count {
                do {
                    try SchemaMigration.migrator.migrate(pool)
                    break
                } catch let error as DatabaseError {
                    if try pool.read({ try SchemaMigration.migrator.hasCompletedMigrations($0) }) { break }
                    if attempt == SchemaMigration.migrator.migrations.count { throw error }
                }
            }
            return pool
        }
        if compressedOldData { vacuumedAfterMigrating = returnFreedPages() }
        logger.debug("opened database", metadata: ["store.path": "\(path)"])
    }

    /// After migration 0005 or 0007 compressed the bodies or report problems of an older plinv's database, gives the
    /// space they took (most of the file) back to the file system. A failure (no room for the copy VACUUM writes, a
    /// long reader) only leaves the file larger: later snapshots reuse the space. Returns whether it vacuumed.
    private func returnFreedPages() -> Bool {
        logger.info(
            "compressed what an older plinv stored (schema 0005, 0007); vacuuming the database",
            metadata: ["store.path": "\(path)"])
        do {
            try pool.vacuum()
            // VACUUM wrote the new file to the WAL.
            _ = try pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            return true
        } catch {
            logger.warning(
                "could not vacuum the database; its free pages will be reused",
                metadata: [
                    "store.path": "\(path)", "store.error": "\(error)",
                ])
            return false
        }
    }

    /// Opens the connection pool, waiting (up to `busyTimeout`) while another process switches the same new file to
    /// WAL. Opening a pool switches an empty file's journal to WAL, and SQLite refuses that switch at once, without
    /// the busy handler, while another connection holds a lock on the file: two `plinv collect`s creating one new
    /// database failed this way about every other time (`concurrentWritersOnAFreshFileBothLand`).
    private static func openPool(path: String, configuration: Configuration, busyTimeout: Duration) throws
        -> DatabasePool
    {
        let deadline = ContinuousClock.now + busyTimeout
        var configuration = configuration
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where error.resultCode.primaryResultCode == .SQLITE_BUSY && ContinuousClock.now < deadline
            {
                usleep(10_000)  // the other process's switch takes a few milliseconds
                // A lock held elsewhere is waited for within what is left of the timeout, not a whole one again.
                configuration.busyMode = .timeout(max(0.001, (deadline - ContinuousClock.now).seconds))
            }
        }
    }

    /// Creates an empty file readable and writable by its owner only; SQLite gives -wal and -shm the same mode.
    private static func createPrivateFile(at path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let code = errno
            if code == EEXIST { return }  // another process created it first: fine, SQLite shares it
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(code)))
        }
        close(descriptor)
    }

    /// Runs `body`, mapping SQLite errors to ``StoreError`` values that name `operation`.
    func run<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        try StoreError.mapping(path: path, timeout: busyTimeout, operation: operation, body)
    }

    /// Runs `body` in one IMMEDIATE transaction: the write lock is taken first (waiting up to the busy
    /// timeout), and any error rolls back everything `body` did.
    @discardableResult
    func writeTransaction<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        try run(operation) {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.invalidArgument("\(operation) returned no result") }
                return result
            }
        }
    }
}

extension Duration {
    /// The duration in seconds, as SQLite's busy timeout takes it.
    var seconds: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
