import GRDB
import PrivateLinkModel

/// Everything that can go wrong opening, reading or writing the snapshot database.
///
/// No error leaves a partial write behind: every change is one transaction, rolled back on failure.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A read-only command was pointed at a database file that does not exist.
    case databaseMissing(path: String)
    /// The file could not be created or opened (missing directory, permissions, …).
    case cannotOpen(path: String, reason: String)
    /// Another process held the write lock for longer than the busy timeout.
    case locked(path: String, timeout: Duration)
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The file is an SQLite database whose pages are damaged.
    case corrupt(path: String, reason: String)
    /// The file is an SQLite database that plinv did not create; plinv leaves it untouched.
    case foreignDatabase(path: String)
    /// The database was written by a newer plinv: it holds migrations this version does not know.
    case newerSchema(path: String, unknownMigrations: [String], latestKnown: String)
    /// No stored snapshot has this id (never taken, or pruned).
    case snapshotNotFound(id: Int64)
    /// The snapshot cannot be stored as given (duplicate scope or resource, resource of an unobserved scope, …).
    case invalidSnapshot(reason: String)
    /// A stored record could not be read back into a model value.
    case unreadableRecord(kind: String, resourceId: String, reason: String)
    /// A body could not be compressed, or a stored body decompressed (damaged, or its dictionary is missing).
    case bodyCodec(reason: String)
    /// An argument is out of range.
    case invalidArgument(String)
    /// Any other SQLite failure, with what plinv was doing.
    case database(path: String, operation: String, message: String)

    public var description: String {
        switch self {
        case .databaseMissing(let path):
            "no plinv database at \(path): run `plinv collect` first, or pass --db"
        case .cannotOpen(let path, let reason):
            "cannot open the database \(path): \(reason)"
        case .locked(let path, let timeout):
            "the database \(path) is locked by another plinv (or sqlite3) process; gave up after \(timeout)"
        case .notADatabase(let path):
            "\(path) is not an SQLite database; plinv did not change it"
        case .corrupt(let path, let reason):
            "the database \(path) is corrupt (\(reason)); restore it from a backup or start a new one"
        case .foreignDatabase(let path):
            "\(path) is an SQLite database that plinv did not create; plinv did not change it"
        case .newerSchema(let path, let unknown, let latestKnown):
            "the database \(path) was written by a newer plinv (it has schema migrations "
                + "\(unknown.joined(separator: ", ")); this plinv knows up to \(latestKnown)); "
                + "upgrade plinv, nothing was changed"
        case .snapshotNotFound(let id):
            "no snapshot with id \(id) (never taken, or pruned); `plinv snapshots` lists the stored ones"
        case .invalidSnapshot(let reason):
            "cannot store the snapshot: \(reason)"
        case .unreadableRecord(let kind, let resourceId, let reason):
            "cannot read the stored \(kind) \(resourceId): \(reason)"
        case .bodyCodec(let reason):
            reason
        case .invalidArgument(let message):
            message
        case .database(let path, let operation, let message):
            "\(operation) failed on \(path): \(message)"
        }
    }
}

extension StoreError {
    /// Runs `body`, turning SQLite errors into store errors that name the file and the operation.
    ///
    /// Messages never carry bound values: GRDB keeps statement arguments out of `message`.
    static func mapping<T>(path: String, timeout: Duration, operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(error, path: path, timeout: timeout, operation: operation)
        }
    }

    /// The store error for an SQLite error met while doing `operation` on `path`.
    init(_ error: DatabaseError, path: String, timeout: Duration, operation: String) {
        let message = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .locked(path: path, timeout: timeout)
        case .SQLITE_NOTADB: self = .notADatabase(path: path)
        case .SQLITE_CORRUPT: self = .corrupt(path: path, reason: message)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            self = .cannotOpen(path: path, reason: message)
        default: self = .database(path: path, operation: operation, message: message)
        }
    }
}
