import GRDB
import GRDBSQLite

/// An INSERT prepared once per save and run once per record, its values bound straight through SQLite's C API.
///
/// A first collect inserts a body and a version for every record. Through `Statement.execute(arguments:)` each
/// insert also built an array of boxed values and went through GRDB's per-statement bookkeeping: about 9,000
/// instructions per record beside SQLite's own work (callgrind, 1 region × 10,000 endpoints). Only for inserts inside
/// a transaction GRDB opened: GRDB's transaction observers do not see them, and plinv registers none.
struct PreparedInsert {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    /// Binds the statement's parameters in order with `bind`, then runs it.
    /// - Throws: `DatabaseError` with SQLite's message when a value cannot be bound or the insert fails.
    func run(_ bind: (inout Parameters) -> Void) throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        var parameters = Parameters(handle: handle)
        bind(&parameters)
        let code = parameters.failure == SQLITE_OK ? sqlite3_step(handle) : parameters.failure
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }, sql: statement.sql)
        }
    }

    /// The statement's parameters, bound one after the other; the first failure is kept.
    struct Parameters {
        fileprivate let handle: OpaquePointer
        private var index: Int32 = 1
        fileprivate private(set) var failure = SQLITE_OK

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
                sqlite3_bind_text(handle, index, utf8.baseAddress, Int32(utf8.count), Self.transient)
            }
            record(code)
        }

        /// Binds `bytes` as a BLOB (SQLite copies them), NULL when nil.
        mutating func bind(blob bytes: UnsafeRawBufferPointer?) {
            guard let bytes else { return bindNull() }
            record(sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient))
        }

        mutating func bindNull() {
            record(sqlite3_bind_null(handle, index))
        }

        private mutating func record(_ code: Int32) {
            if failure == SQLITE_OK, code != SQLITE_OK { failure = code }
            index += 1
        }

        /// `SQLITE_TRANSIENT`: SQLite copies the value before the bind returns (the C macro does not reach Swift).
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    }
}
