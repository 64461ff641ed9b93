// The SQL files of this folder, compiled into the binary by SwiftPM (`.embedInCode` in Package.swift makes each file
// a `PackageResources` byte array), so that the binary alone is a complete install. See README.md here.

/// plinv's schema migrations, oldest first.
public enum PlinvSchema {
    /// Each migration's identifier (its file name without `.sql`) and SQL text, in the order they apply.
    ///
    /// Adding a migration: put `NNNN_name.sql` in `Schema/`, add its `.embedInCode` line to the `PlinvSchema` target in
    /// Package.swift and its line here. `StoreTests` fails when a file of the folder is missing here.
    public static let migrations: [(identifier: String, sql: String)] = [
        ("0001_initial", text(PackageResources._001_initial_sql)),
        ("0002_stacks", text(PackageResources._002_stacks_sql)),
        ("0003_report_history", text(PackageResources._003_report_history_sql)),
        ("0004_organization", text(PackageResources._004_organization_sql)),
        ("0005_compressed_bodies", text(PackageResources._005_compressed_bodies_sql)),
        ("0006_raw_digest", text(PackageResources._006_raw_digest_sql)),
        ("0007_compressed_report_problems", text(PackageResources._007_compressed_report_problems_sql)),
        ("0008_body_hash", text(PackageResources._008_body_hash_sql)),
    ]

    /// The schema all the migrations leave in a new database, as one script (`NewDatabase/new_database.sql`, generated
    /// from a migrated database: see README.md here). A new file gets it at once instead of running every migration.
    public static let newDatabase = text(PackageResources.new_database_sql)

    /// The UTF-8 text of an embedded file.
    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
