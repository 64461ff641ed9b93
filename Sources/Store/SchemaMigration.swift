import GRDB
import PlinvSchema

/// One numbered migration of `Schema/`: its identifier (the file name without `.sql`) and its SQL.
struct SchemaMigration: Sendable, Hashable {
    let identifier: String
    let sql: String
}

extension SchemaMigration {
    /// Every migration compiled into this build (`Schema/*.sql`), in the order they apply.
    static let all = PlinvSchema.migrations.map { SchemaMigration(identifier: $0.identifier, sql: $0.sql) }

    /// The migration that compresses the bodies an older plinv stored (the file shrinks after a `VACUUM`).
    static let compressedBodies = "0005_compressed_bodies"

    /// The migration that creates `report_run`.
    static let reportHistory = "0003_report_history"

    /// The migration that compresses the problems of the reports an older plinv stored.
    static let compressedReportProblems = "0007_compressed_report_problems"

    /// Whether migrating a database that has `applied` (and `hasReports` in `report_run`) compresses what an older
    /// plinv stored, so that the file shrinks after a `VACUUM`: bodies always (0005), reports' problems only when there
    /// are reports (0007), and nothing in a new file.
    static func compressesOldData(applied: Set<String>, hasReports: Bool) -> Bool {
        guard !applied.isEmpty else { return false }
        return !applied.contains(compressedBodies) || (!applied.contains(compressedReportProblems) && hasReports)
    }

    /// The migrator that applies every embedded migration, each in its own transaction.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all {
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }

    /// Creates in `db`, an empty database inside a write transaction, the schema every migration leaves
    /// (`PlinvSchema.newDatabase`), and records every migration as applied, as `migrator` would. Returns false, changing
    /// nothing, when the database holds anything (another process is creating it: the migrator takes over).
    ///
    /// Running the eight migrations on a new file parsed the whole schema again after each `ALTER TABLE` and each
    /// migration's checks: 50 M of the 58 M instructions opening a new database cost (callgrind, first collect of
    /// 10,000 endpoints). `SchemaTests` proves the result is the migrated schema, object for object.
    static func createNewDatabase(_ db: Database) throws -> Bool {
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0 else { return false }
        try db.execute(sql: PlinvSchema.newDatabase)
        for migration in all {
            try db.execute(
                sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
        }
        return true
    }

    /// What `PlinvSchema.newDatabase` must hold for the migrated database `db`: every object's SQL (GRDB's
    /// `grdb_migrations` too), in the order they were created, each ended by `;` right after its text (SQLite keeps
    /// the whitespace before a `;` in the text of some statements, so the script must add none).
    static func newDatabaseScript(of db: Database) throws -> String {
        let statements = try String.fetchAll(
            db,
            sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        let header =
            "-- Generated: the schema the migrations \(all.first?.identifier ?? "") to \(latestIdentifier) leave in "
            + "a new database.\n-- Never edit it: Schema/README.md says how it is made again.\n"
        return header + statements.map { "\($0);\n" }.joined()
    }

    /// The identifier of the newest migration this build knows.
    static var latestIdentifier: String { all.last?.identifier ?? "none" }

    /// Checks, without changing anything, that plinv may migrate the database open in `db`.
    ///
    /// - Throws: `StoreError.newerSchema` when it holds migrations this build does not know,
    ///   `StoreError.foreignDatabase` when it holds tables but no plinv migrations, or keeps its text in an encoding
    ///   other than UTF-8 (plinv creates every database in UTF-8, and its body functions read text as UTF-8 bytes).
    static func checkCompatible(_ db: Database, path: String) throws {
        guard try String.fetchOne(db, sql: "PRAGMA encoding") == "UTF-8" else {
            throw StoreError.foreignDatabase(path: path)
        }
        // A database is plinv's once it has the migrations table, even before the first migration
        // commits (another process may be creating it right now); otherwise it must be empty.
        // Reading sqlite_master first pins the read snapshot, so the two reads agree.
        guard try db.tableExists("grdb_migrations") else {
            let tables =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") ?? 0
            if tables > 0 { throw StoreError.foreignDatabase(path: path) }
            return
        }
        let applied = try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
        let unknown = applied.subtracting(all.map(\.identifier)).sorted()
        if !unknown.isEmpty {
            throw StoreError.newerSchema(path: path, unknownMigrations: unknown, latestKnown: latestIdentifier)
        }
    }
}
