import Foundation
import GRDB
import GRDBSQLite
import PrivateLinkModel

/// Reads rows of `snapshot_resources` (`kind`, `account`, `region`, `resource_id`, `json`, by position) into an
/// inventory, straight from the statement's columns through SQLite's C API.
///
/// A snapshot's rows share a handful of kinds and scopes: a row whose kind or scope columns hold the last row's bytes
/// reuses its value, and strings repeated in the records come from one JSON string cache. Read through GRDB's `Row`,
/// each row made three strings, looked its kind's name up, and wrapped the record's bytes in a new `Data`.
struct ResourceRows {
    /// Whether records are kept as their bytes, read member by member (``StoredRecord``), instead of as values.
    let keepsBytes: Bool
    private var strings = JSONStringCache()
    /// The room reserved for each stored record's members: as many as the record before had.
    private var sizing = StoredRecord.Sizing()
    private var lastKind: (bytes: [UInt8], kind: ResourceKind)?
    private var lastScope: (account: [UInt8], region: [UInt8], scope: Scope)?

    /// Rows read into values, or, when `keepsBytes`, into stored records.
    init(keepsBytes: Bool = false) { self.keepsBytes = keepsBytes }

    /// Adds every row `statement` yields (with its arguments set) to the inventory list of its kind.
    mutating func read(_ statement: Statement, into inventory: inout Inventory) throws {
        let cursor = try Row.fetchCursor(statement)
        let handle = statement.sqliteStatement
        while try cursor.next() != nil {
            try add(handle, to: &inventory)
        }
    }

    /// Adds the row the statement is on.
    private mutating func add(_ handle: SQLiteStatement, to inventory: inout Inventory) throws {
        let (kind, kindText) = try self.kind(handle)
        let scope = try self.scope(handle)
        let record: ResourceRecord
        do {
            // The record's bytes where SQLite holds them (the JSON reader checks their UTF-8).
            let bytes = UnsafeRawBufferPointer(
                start: sqlite3_column_blob(handle, 4), count: Int(sqlite3_column_bytes(handle, 4)))
            record =
                keepsBytes
                ? try StoredRecord.read(utf8: bytes, strings: &strings, sizing: &sizing)
                : .value(try JSONValue.parse(utf8: bytes, strings: &strings))
        } catch {
            throw StoreError.unreadableRecord(
                kind: kindText, resourceId: Self.text(handle, 3) ?? "", reason: "invalid JSON: \(error)")
        }
        guard let kind else {
            throw StoreError.unreadableRecord(
                kind: kindText, resourceId: Self.text(handle, 3) ?? "", reason: "unknown resource kind")
        }
        inventory.append(kind, scope: scope, record: record)
    }

    /// The kind in column 0 (nil when plinv knows no such kind) and its text.
    private mutating func kind(_ handle: SQLiteStatement) throws -> (ResourceKind?, String) {
        if let lastKind, Self.column(handle, 0, is: lastKind.bytes) { return (lastKind.kind, lastKind.kind.rawValue) }
        let text = try Self.requiredText(handle, 0, "kind")
        guard let kind = ResourceKind(rawValue: text) else { return (nil, text) }
        lastKind = (Array(text.utf8), kind)
        return (kind, text)
    }

    /// The scope in columns 1 and 2.
    private mutating func scope(_ handle: SQLiteStatement) throws -> Scope {
        if let lastScope, Self.column(handle, 1, is: lastScope.account), Self.column(handle, 2, is: lastScope.region) {
            return lastScope.scope
        }
        let scope = Scope(
            account: try Self.requiredText(handle, 1, "account"), region: try Self.requiredText(handle, 2, "region"))
        lastScope = (Array(scope.account.utf8), Array(scope.region.utf8), scope)
        return scope
    }

    /// Whether the text of column `index` is exactly `bytes` (a NULL is not).
    private static func column(_ handle: SQLiteStatement, _ index: Int32, is bytes: [UInt8]) -> Bool {
        guard let start = sqlite3_column_text(handle, index) else { return false }
        let count = Int(sqlite3_column_bytes(handle, index))
        return count == bytes.count && bytes.withUnsafeBytes { memcmp($0.baseAddress!, start, count) == 0 }
    }

    /// The text of column `index`, as GRDB reads a `String`; nil for NULL.
    private static func text(_ handle: SQLiteStatement, _ index: Int32) -> String? {
        sqlite3_column_text(handle, index).map { String(cString: $0) }
    }

    /// The text of column `index`; a NULL is an unreadable record (the schema never stores one).
    private static func requiredText(_ handle: SQLiteStatement, _ index: Int32, _ name: String) throws -> String {
        guard let text = text(handle, index) else {
            throw StoreError.unreadableRecord(
                kind: text(handle, 0) ?? "?", resourceId: text(handle, 3) ?? "", reason: "no \(name)")
        }
        return text
    }
}
