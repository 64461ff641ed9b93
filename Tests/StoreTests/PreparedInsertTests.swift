import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import Store

/// The save's hot inserts, bound through SQLite's C API: values land exactly as GRDB would store them, and a failure
/// is a `DatabaseError` that leaves the statement usable.
@Suite struct PreparedInsertTests {
    static func table(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL UNIQUE, s TEXT, b BLOB, o INTEGER)")
    }

    // The oracle is GRDB's own binding of the same values into a twin table.
    @Test func valuesAreStoredAsGRDBStoresThem() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try Self.table(db)
            try db.execute(sql: "CREATE TABLE oracle (n INTEGER NOT NULL UNIQUE, s TEXT, b BLOB, o INTEGER)")
            let insert = try PreparedInsert(db, sql: "INSERT INTO t (n, s, b, o) VALUES (?, ?, ?, ?)")
            let rows: [(Int64, String, [UInt8]?, Int64?)] = [
                (.min, "crème brûlée 🍮 \"quoted\" \\ \u{7}", [0, 1, 0xFF, 0x80], nil),
                (2, "", nil, 7),
                (.max, String(repeating: "x", count: 100_000), [], -1),
            ]
            for (n, s, b, o) in rows {
                try insert.run { parameters in
                    parameters.bind(n)
                    parameters.bind(s)
                    if let b { b.withUnsafeBytes { parameters.bind(blob: $0) } } else { parameters.bind(blob: nil) }
                    parameters.bind(o)
                }
                try db.execute(
                    sql: "INSERT INTO oracle (n, s, b, o) VALUES (?, ?, ?, ?)",
                    arguments: [n, s, b.map { Data($0) }, o])
            }
            let columns = "n, typeof(s), hex(s), typeof(b), hex(b), typeof(o), o"
            let stored = try Row.fetchAll(db, sql: "SELECT \(columns) FROM t ORDER BY n")
            #expect(stored.count == 3)
            #expect(stored == (try Row.fetchAll(db, sql: "SELECT \(columns) FROM oracle ORDER BY n")))
        }
    }

    // Bytes bound as text without a copy are stored as the same text bound as a String, and stay stored once the
    // caller's buffer changes: SQLite reads them only during the run.
    @Test func aTextBoundFromItsBytesIsTheStringsText() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try Self.table(db)
            try db.execute(sql: "CREATE TABLE oracle (n INTEGER NOT NULL UNIQUE, s TEXT, b BLOB, o INTEGER)")
            let fromBytes = try PreparedInsert(db, sql: "INSERT INTO t (n, s) VALUES (?, ?)")
            let fromString = try PreparedInsert(db, sql: "INSERT INTO oracle (n, s) VALUES (?, ?)")
            let texts = ["crème brûlée 🍮 \"quoted\" \\", "", String(repeating: "{\"a\":1}", count: 20_000)]
            for (n, text) in texts.enumerated() {
                var bytes = Array(text.utf8)
                try bytes.withUnsafeBytes { utf8 in
                    try fromBytes.run { parameters in
                        parameters.bind(Int64(n))
                        parameters.bind(utf8: utf8)
                    }
                }
                for index in bytes.indices { bytes[index] = UInt8(ascii: "#") }
                try fromString.run { parameters in
                    parameters.bind(Int64(n))
                    parameters.bind(text)
                }
            }
            let columns = "n, typeof(s), hex(s)"
            let stored = try Row.fetchAll(db, sql: "SELECT \(columns) FROM t ORDER BY n")
            #expect(stored.count == texts.count)
            #expect(stored == (try Row.fetchAll(db, sql: "SELECT \(columns) FROM oracle ORDER BY n")))
        }
    }

    // GRDB stops a text at its first NUL; the prepared insert keeps every byte. plinv's texts hold none (canonical JSON
    // escapes it, and XML cannot carry it), so the two store the same.
    @Test func aTextIsBoundWhole() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try Self.table(db)
            let insert = try PreparedInsert(db, sql: "INSERT INTO t (n, s) VALUES (?, ?)")
            try insert.run { parameters in
                parameters.bind(Int64(1))
                parameters.bind("before\u{0}after")
            }
            #expect(try Int.fetchOne(db, sql: "SELECT length(CAST(s AS BLOB)) FROM t") == 12)
        }
    }

    @Test func aFailedInsertThrowsAndTheStatementStaysUsable() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try Self.table(db)
            let insert = try PreparedInsert(db, sql: "INSERT INTO t (n, s) VALUES (?, ?)")
            try insert.run {
                $0.bind(Int64(1))
                $0.bind("first")
            }
            let error = #expect(throws: DatabaseError.self) {
                try insert.run {
                    $0.bind(Int64(1))
                    $0.bind("duplicate")
                }
            }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("UNIQUE") == true, "\(String(describing: error))")
            try insert.run {
                $0.bind(Int64(2))
                $0.bind("second")
            }
            #expect(try String.fetchAll(db, sql: "SELECT s FROM t ORDER BY n") == ["first", "second"])
        }
    }

    // A value bound by an earlier run must never stand in for one this run left out.
    @Test func bindingFewerValuesThanParametersThrowsAndInsertsNothing() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try Self.table(db)
            let insert = try PreparedInsert(db, sql: "INSERT INTO t (n, s) VALUES (?, ?)")
            try insert.run { parameters in
                parameters.bind(Int64(1))
                parameters.bind("kept from the first run?")
            }
            let error = #expect(throws: DatabaseError.self) {
                try insert.run { $0.bind(Int64(2)) }
            }
            #expect(error?.resultCode == .SQLITE_RANGE)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 1)
        }
    }

    // SQLite may roll a transaction back by itself (a full disk, an interrupt); an insert after that would be stored
    // alone, in autocommit mode, as GRDB refuses to let its own statements be.
    @Test func anInsertAfterTheTransactionWasRolledBackIsRefused() throws {
        let queue = try DatabaseQueue()
        try queue.writeWithoutTransaction { db in
            try Self.table(db)
            try db.execute(sql: "BEGIN")
            let insert = try PreparedInsert(db, sql: "INSERT INTO t (n) VALUES (?)")
            try db.execute(sql: "ROLLBACK")
            let error = #expect(throws: DatabaseError.self) { try insert.run { $0.bind(Int64(1)) } }
            #expect(error?.resultCode == .SQLITE_ABORT)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 0)
        }
    }

    @Test func bindingMoreValuesThanParametersThrowsAndInsertsNothing() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try Self.table(db)
            let insert = try PreparedInsert(db, sql: "INSERT INTO t (n) VALUES (?)")
            let error = #expect(throws: DatabaseError.self) {
                try insert.run {
                    $0.bind(Int64(1))
                    $0.bind("no such parameter")
                }
            }
            #expect(error?.resultCode == .SQLITE_RANGE)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 0)
        }
    }

    // CSQLiteConfig's shim passes SQLITE_CONFIG_MEMSTATUS by its number, without sqlite3.h: it must be sqlite3.h's.
    @Test func theMemoryStatisticsOptionIsTheOneSQLiteDefines() {
        #expect(SQLITE_CONFIG_MEMSTATUS == 9)
    }
}
