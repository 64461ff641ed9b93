import GRDB
import GRDBSQLite

/// An INSERT prepared once per save and run once per record, its values bound straight through SQLite's C API.
///
/// A first collect inserts a body and a version for every record. Through `Statement.execute(arguments:)` each
/// insert also built an array of boxed values and went through GRDB's per-statement bookkeeping: about 9,000
/// instructions per record beside SQLite's own work (callgrind, 1 region × 10,000 endpoints). Only for inserts inside
/// a transaction: GRDB's transaction observers do not see them, and plinv registers none.
struct PreparedInsert {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    /// Binds every one of the statement's parameters, in order, with `bind`, then runs it. (Binding every parameter
    /// each time is checked, so no value of an earlier run is left bound: no `sqlite3_clear_bindings` is needed.)
    /// - Throws: `DatabaseError` with SQLite's message when a value cannot be bound, `bind` binds fewer values than
    ///   the statement has parameters, or the insert fails.
    func run(_ bind: (inout Parameters) -> Void) throws {
        let handle = statement.sqliteStatement
        // GRDB refuses to run a statement once SQLite has rolled the transaction back by itself (a full disk, an
        // interrupt): in autocommit mode the insert would be stored alone, outside the save it belongs to.
        guard let connection = db.sqliteConnection, sqlite3_get_autocommit(connection) == 0 else {
            throw DatabaseError(
                resultCode: .SQLITE_ABORT, message: "the transaction was rolled back", sql: statement.sql)
        }
        defer { sqlite3_reset(handle) }
        var parameters = Parameters(handle: handle)
        bind(&parameters)
        if parameters.failure == SQLITE_OK, parameters.bound < sqlite3_bind_parameter_count(handle) {
            throw DatabaseError(
                resultCode: .SQLITE_RANGE,
                message: "\(parameters.bound) of \(sqlite3_bind_parameter_count(handle)) parameters bound",
                sql: statement.sql)
        }
        let code = parameters.failure == SQLITE_OK ? sqlite3_step(handle) : parameters.failure
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                sql: statement.sql)
        }
    }

    /// The statement's parameters, bound one after the other; the first failure is kept.
    struct Parameters {
        fileprivate let handle: OpaquePointer
        private var index: Int32 = 1
        fileprivate private(set) var failure = SQLITE_OK
        /// How many parameters were bound so far.
        fileprivate var bound: Int32 { index - 1 }

        fileprivate init(handle: OpaquePointer) {
            self.handle = handle
        }

        mutating func bind(_ value: Int64) {
            record(sqlite3_bind_int64(handle, index, value))
        }

        mutating func bind(_ value: Int64?) {
            if let value { bind(value) } else { bindNull() }
        }

        /// Binds `text` as TEXT (SQLite copies it).
        mutating func bind(_ text: String) {
            var text = text
            let code = text.withUTF8 { utf8 in
                sqlite3_bind_text64(
                    handle, index, utf8.baseAddress, sqlite3_uint64(utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            }
            record(code)
        }

        /// Binds `utf8` as TEXT without copying it: the bytes must stay valid until `run` returns (the statement
        /// is reset then, and every run binds every parameter again, so SQLite never reads them later).
        mutating func bind(utf8 text: UnsafeRawBufferPointer) {
            // SQLite takes a null pointer for NULL: an empty text needs a valid one.
            let start = text.baseAddress ?? UnsafeRawPointer(Self.empty.utf8Start)
            record(sqlite3_bind_text64(handle, index, start, sqlite3_uint64(text.count), nil, UInt8(SQLITE_UTF8)))
        }

        /// Binds `bytes` as a BLOB (SQLite copies them), NULL when nil.
        mutating func bind(blob bytes: UnsafeRawBufferPointer?) {
            guard let bytes else { return bindNull() }
            record(sqlite3_bind_blob64(handle, index, bytes.baseAddress, sqlite3_uint64(bytes.count), Self.transient))
        }

        mutating func bindNull() {
            record(sqlite3_bind_null(handle, index))
        }

        private mutating func record(_ code: Int32) {
            if failure == SQLITE_OK, code != SQLITE_OK { failure = code }
            index += 1
        }

        /// A valid address for an empty text.
        private static let empty: StaticString = ""

        /// `SQLITE_TRANSIENT`: SQLite copies the value before the bind returns (the C macro does not reach Swift).
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    }
}
