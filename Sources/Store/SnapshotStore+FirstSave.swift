import GRDB

extension SnapshotStore {
    /// Runs `save` with the writer on a rollback journal when the database holds no snapshot yet, then puts the file
    /// back in WAL mode.
    ///
    /// In WAL mode each page a transaction writes goes to the WAL, is read back by the checkpoint and written again
    /// into the file. A first snapshot writes nearly every page of the file, while a rollback journal keeps only the
    /// pages that held something before it: the schema's. The journal is as crash-safe as the WAL (synchronous FULL
    /// from before the switch until the file is back in WAL mode), so a crash still leaves all of the snapshot or none
    /// of it. Leaving WAL mode needs the only connection to the file: when another one has it open, the save goes
    /// through the WAL as any other. On the journal, readers and the save wait for each other as two writers do: a
    /// reader opening the file meanwhile waits while the save commits, and one that holds a read longer than the busy
    /// timeout makes the save fail as locked (`Schema/README.md`).
    func withFirstSaveJournal<T>(_ save: () throws -> T) throws -> T {
        // Asked on the writer: a reader would be opened only to be closed again below.
        let empty = try run("reading the database") {
            try pool.writeWithoutTransaction {
                try !(Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM snapshot)") ?? true)
            }
        }
        guard empty else { return try save() }
        // This process's readers are connections to the file too: they are closed (and reopened when next needed).
        pool.releaseMemory()
        guard try leaveWAL() else {
            logger.debug("another connection has the database open: its first save goes through the WAL")
            return try save()
        }
        defer { restoreWAL() }
        return try save()
    }

    /// Switches the writer to a rollback journal with synchronous FULL (set first, so the switch itself is written
    /// so) and foreign keys not enforced; false, with the writer as it was, when another connection to the file
    /// prevents it.
    private func leaveWAL() throws -> Bool {
        try run("preparing the first save") {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                let mode: String?
                do {
                    mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_BUSY {
                    mode = nil  // refused at once, without the busy handler: another connection is open
                }
                guard mode == "delete" else {
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    return false
                }
                // The first save writes every row of an empty file, each parent (scope, body) before the rows that
                // name it, in one transaction: checking every version row's two references looked each parent up
                // again (30 M of a first collect's 1,535 M instructions). Tests check the file with
                // `PRAGMA foreign_key_check` after it.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                return true
            }
        }
    }

    /// Enforces foreign keys again, puts the writer back in WAL mode with GRDB's synchronous setting, and gives the WAL
    /// a frame as opening the pool does (a reader of a pool whose WAL is missing or empty can fail to open). When that
    /// fails (another process holds a lock at this moment), the file stays on a rollback journal until the next open
    /// switches it back.
    private func restoreWAL() {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = ON")  // first: whatever happens to the journal below
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    logger.notice(
                        "the database stays on a rollback journal until it is opened again",
                        metadata: ["store.path": "\(path)"])
                    return
                }
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Rewriting the header's user version with its own value writes one frame and allocates no page
                // (GRDB's own way, a table made and dropped, would leave a free page in the file).
                let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                try db.execute(sql: "PRAGMA user_version = \(userVersion)")
            }
        } catch {
            logger.notice(
                "could not put the database back in WAL mode; opening it again will",
                metadata: ["store.path": "\(path)", "store.error": "\(error)"])
        }
    }
}
