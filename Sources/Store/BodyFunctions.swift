import Foundation
import GRDB
import GRDBSQLite

/// The SQL functions through which plinv reads and writes compressed bodies, registered on every connection it opens
/// (they exist only inside plinv; see "Compressed bodies" in `Schema/README.md`):
///
/// - `plinv_body(data)`: the canonical JSON text of a stored body (what the views call `json`);
/// - `plinv_compress(json, dictionary)`: the stored form of `json`, compressed with `body_dictionary` `dictionary`
///   (NULL: without one);
/// - `plinv_train_dictionary(json)` (aggregate): a zstd dictionary trained from the bodies it is given, NULL when
///   they are too few;
/// - `plinv_dictionary_id(content)`: the zstd id of a dictionary, the `body_dictionary.id` to store it under.
/// - `plinv_body_hash(json)`: the `body.hash` of a body's JSON (``ContentHash/body(_:)``; migration 0008).
///
/// They use SQLite's C interface rather than GRDB's `DatabaseFunction`, so that a function can read a dictionary from
/// its own connection the first time a body needs it, and returns text without copying it through `Data`.
enum BodyFunctions {
    /// Registers the functions on `db`'s connection, each sharing one ``BodyCodec``.
    static func register(on db: Database) throws {
        guard let connection = db.sqliteConnection else { return }
        let codec = BodyCodec()
        let readable = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS  // usable in views
        let writing = SQLITE_UTF8 | SQLITE_DIRECTONLY  // in statements only, never from a view or trigger
        for (name, arguments, flags, function) in [
            ("plinv_body", Int32(1), readable, body), ("plinv_compress", 2, writing, compress),
            ("plinv_dictionary_id", 1, readable, dictionaryID), ("plinv_body_hash", 1, readable, bodyHash),
        ] as [(String, Int32, Int32, Function)] {
            let code = sqlite3_create_function_v2(
                connection, name, arguments, flags, Unmanaged.passRetained(codec).toOpaque(), function, nil, nil,
                release)
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        }
        let code = sqlite3_create_function_v2(
            connection, "plinv_train_dictionary", 1, writing, nil, nil, collectSample, trainDictionary, nil)
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
    }

    /// A scalar function or an aggregate's step, as SQLite calls it.
    typealias Function = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void

    /// `plinv_body(data)`.
    private static let body: Function = { context, _, arguments in
        guard let value = arguments?[0] else { return }
        guard sqlite3_value_type(value) != SQLITE_NULL else { return sqlite3_result_null(context) }
        guard sqlite3_value_type(value) == SQLITE_BLOB, let frame = sqlite3_value_blob(value) else {
            return fail(context, "plinv_body: the value is not a stored body (a zstd frame)", code: SQLITE_MISMATCH)
        }
        let bytes = UnsafeRawBufferPointer(start: frame, count: Int(sqlite3_value_bytes(value)))
        do {
            try codec(context).decompress(bytes, load: { try dictionary($0, context) }) { text in
                sqlite3_result_text(
                    context, text.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(text.count), transient)
            }
        } catch {
            fail(context, "plinv_body: \(error)", code: SQLITE_CORRUPT)
        }
    }

    /// `plinv_compress(json, dictionary)`.
    private static let compress: Function = { context, _, arguments in
        guard let arguments, let text = arguments[0] else { return }
        guard sqlite3_value_type(text) != SQLITE_NULL else { return sqlite3_result_null(context) }
        // The bytes as they were bound or stored, UTF-8 (opening refuses a database in any other encoding):
        // `sqlite3_value_text` copied a text bound without a terminating NUL, as every new body is, to add one (0.7 %
        // of a first collect's samples).
        let start = sqlite3_value_blob(text)
        let bytes = UnsafeRawBufferPointer(start: start, count: Int(sqlite3_value_bytes(text)))
        let dictionaryID = arguments[1].flatMap { value in
            sqlite3_value_type(value) == SQLITE_NULL ? nil : sqlite3_value_int64(value)
        }
        do {
            try codec(context).compress(bytes, dictionaryID: dictionaryID, load: { try dictionary($0, context) }) {
                sqlite3_result_blob(context, $0.baseAddress, Int32($0.count), transient)
            }
        } catch {
            fail(context, "plinv_compress: \(error)", code: SQLITE_ERROR)
        }
    }

    /// `plinv_dictionary_id(content)`.
    private static let dictionaryID: Function = { context, _, arguments in
        guard let value = arguments?[0], sqlite3_value_type(value) == SQLITE_BLOB,
            let content = sqlite3_value_blob(value)
        else { return sqlite3_result_null(context) }
        let id = BodyCodec.dictionaryID(
            of: Array(UnsafeRawBufferPointer(start: content, count: Int(sqlite3_value_bytes(value)))))
        if id == 0 { sqlite3_result_null(context) } else { sqlite3_result_int64(context, id) }
    }

    /// `plinv_body_hash(json)`: NULL for NULL.
    private static let bodyHash: Function = { context, _, arguments in
        guard let value = arguments?[0], sqlite3_value_type(value) != SQLITE_NULL else {
            return sqlite3_result_null(context)
        }
        let text = UnsafeRawBufferPointer(start: sqlite3_value_text(value), count: Int(sqlite3_value_bytes(value)))
        sqlite3_result_int64(context, ContentHash.body(text))
    }

    /// One step of `plinv_train_dictionary(json)`: keeps the sample.
    private static let collectSample: Function = { context, _, arguments in
        guard let value = arguments?[0], sqlite3_value_type(value) != SQLITE_NULL else { return }
        guard let samples = samples(context, creating: true) else { return sqlite3_result_error_nomem(context) }
        let text = UnsafeRawBufferPointer(start: sqlite3_value_text(value), count: Int(sqlite3_value_bytes(value)))
        samples.values.append(Array(text))
    }

    /// The end of `plinv_train_dictionary(json)`: the trained dictionary, or NULL.
    private static let trainDictionary: @convention(c) (OpaquePointer?) -> Void = { context in
        guard let samples = samples(context, creating: false) else { return sqlite3_result_null(context) }
        defer { releaseSamples(context) }
        guard let dictionary = BodyCodec.trainDictionary(samples.values) else { return sqlite3_result_null(context) }
        dictionary.withUnsafeBytes { sqlite3_result_blob(context, $0.baseAddress, Int32($0.count), transient) }
    }

    /// The samples an aggregate has collected, kept as a retained reference in its aggregate context.
    private final class Samples {
        var values: [[UInt8]] = []
    }

    private static func samples(_ context: OpaquePointer?, creating: Bool) -> Samples? {
        let size = creating ? Int32(MemoryLayout<UnsafeMutableRawPointer?>.size) : 0
        guard
            let slot = sqlite3_aggregate_context(context, size)?.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        else { return nil }
        if let stored = slot.pointee { return Unmanaged<Samples>.fromOpaque(stored).takeUnretainedValue() }
        guard creating else { return nil }
        let samples = Samples()
        slot.pointee = Unmanaged.passRetained(samples).toOpaque()
        return samples
    }

    private static func releaseSamples(_ context: OpaquePointer?) {
        guard let slot = sqlite3_aggregate_context(context, 0)?.assumingMemoryBound(to: UnsafeMutableRawPointer?.self),
            let stored = slot.pointee
        else { return }
        Unmanaged<Samples>.fromOpaque(stored).release()
        slot.pointee = nil
    }

    /// The codec registered with the function being called.
    private static func codec(_ context: OpaquePointer?) -> BodyCodec {
        Unmanaged<BodyCodec>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
    }

    /// Releases a function's reference to its codec when SQLite drops the function (the connection closes).
    private static let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        if let pointer { Unmanaged<BodyCodec>.fromOpaque(pointer).release() }
    }

    /// The content of dictionary `id`, read from the calling function's own connection.
    private static func dictionary(_ id: Int64, _ context: OpaquePointer?) throws -> [UInt8] {
        let connection = sqlite3_context_db_handle(context)
        var statement: OpaquePointer?
        guard
            sqlite3_prepare_v2(
                connection, "SELECT content FROM body_dictionary WHERE id = ?", -1, &statement, nil) == SQLITE_OK
        else {
            let message = String(cString: sqlite3_errmsg(connection))
            throw StoreError.bodyCodec(reason: "cannot read body dictionary \(id): \(message)")
        }
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_int64(statement, 1, id)
        guard sqlite3_step(statement) == SQLITE_ROW, let content = sqlite3_column_blob(statement, 0) else {
            throw StoreError.bodyCodec(reason: "the body needs dictionary \(id), which the database does not hold")
        }
        return Array(UnsafeRawBufferPointer(start: content, count: Int(sqlite3_column_bytes(statement, 0))))
    }

    /// Ends the call with an error SQLite reports as `code` (SQLITE_CORRUPT makes it a ``StoreError/corrupt``).
    private static func fail(_ context: OpaquePointer?, _ message: String, code: Int32) {
        sqlite3_result_error(context, message, -1)
        sqlite3_result_error_code(context, code)
    }

    /// SQLite's "copy the value before returning" destructor.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }
}
