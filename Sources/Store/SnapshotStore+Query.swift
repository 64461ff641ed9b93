import Foundation
import GRDB

/// One value of a query's result, as SQLite holds it.
public enum QueryValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

extension SnapshotStore {
    /// Runs one read-only SQL statement on the database, with plinv's SQL functions (`plinv_body`, which the views
    /// that read bodies need and the `sqlite3` shell lacks): hands its column names to `header`, then each row to `row`.
    ///
    /// - Throws: ``StoreError/invalidArgument(_:)`` for a statement that would write, ``StoreError`` for SQL errors.
    public func query(
        _ sql: String, header: ([String]) throws -> Void, row: ([QueryValue]) throws -> Void
    ) throws {
        try run("running the query") {
            try pool.read { db in
                let statements = try db.allStatements(sql: sql)
                guard let statement = try statements.next() else {
                    throw StoreError.invalidArgument("plinv sql needs a statement: the query is empty")
                }
                // A second statement, even one SQLite cannot compile, is one too many.
                let hasAnother: Bool
                do {
                    hasAnother = try statements.next() != nil
                } catch {
                    hasAnother = true
                }
                guard !hasAnother else {
                    throw StoreError.invalidArgument("plinv sql runs one statement: run each of these on its own")
                }
                guard statement.isReadonly else {
                    throw StoreError.invalidArgument("plinv sql only reads: the statement would change the database")
                }
                try header(statement.columnNames)
                let cursor = try Row.fetchCursor(statement)
                while let next = try cursor.next() {
                    try row(next.databaseValues.map(QueryValue.init))
                }
            }
        }
    }
}

extension QueryValue {
    /// The value of a GRDB database value.
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(data)
        }
    }
}
