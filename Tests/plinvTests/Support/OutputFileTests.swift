import Foundation
import Testing

@testable import plinv

/// `-o PATH`: a file is replaced whole (keeping its mode), a link keeps pointing at its replaced target, a device or
/// pipe such as `/dev/null` is written in place instead of being replaced by a regular file, a descriptor named as a
/// path is written through, and a directory is refused.
@Suite struct OutputFileTests {
    /// A database path no test writes to: the output paths below are never it.
    static let database = "/nonexistent/plinv-output-tests.sqlite"

    static func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-output-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    static func type(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// A device that refuses the bytes (a full disk) is one error naming the output and the reason.
    @Test func aFullDeviceIsOneErrorNamingTheOutput() throws {
        #expect(Self.type("/dev/full") == S_IFCHR, "this test needs /dev/full")
        let reason = String(cString: strerror(ENOSPC))
        #expect {
            try Console.emit("report text", to: "/dev/full", sparing: Self.database)
        } throws: { error in
            "\(error)" == "cannot write /dev/full: \(reason)"
        }
    }

    @Test func aPipeIsWrittenInPlaceNotReplaced() throws {
        try Self.withDirectory { directory in
            let fifo = directory.appendingPathComponent("out.fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            // A reader that does not block, so that opening the pipe for writing succeeds at once.
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            try #require(reader >= 0)
            defer { close(reader) }
            try Console.emit("report text", to: fifo, sparing: Self.database)
            #expect(Self.type(fifo) == S_IFIFO)
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(reader, &buffer, buffer.count)
            #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "report text")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.fifo"])
        }
    }

    @Test func aLinkKeepsPointingAtItsReplacedTarget() throws {
        try Self.withDirectory { directory in
            let target = directory.appendingPathComponent("reports/latest-real.md")
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("old".utf8).write(to: target)
            let link = directory.appendingPathComponent("latest.md").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
            try Console.emit(to: link, sparing: Self.database) { sink in
                try Data("new".utf8).withUnsafeBytes { try sink.write($0) }
            }
            #expect(Self.type(link) == S_IFLNK)
            #expect(try String(contentsOf: target, encoding: .utf8) == "new")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == [
                    "latest-real.md"
                ])
        }
    }

    @Test func aFileIsReplacedWholeWithNothingLeftBeside() throws {
        try Self.withDirectory { directory in
            let file = directory.appendingPathComponent("new/report.json").path
            try Console.emit("{}", to: file, sparing: Self.database)
            try Console.emit("[]", to: file, sparing: Self.database)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "[]")
            #expect(Self.type(file) == S_IFREG)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("new").path) == [
                    "report.json"
                ])
        }
    }

    @Test func aDanglingLinkGetsItsTargetCreated() throws {
        try Self.withDirectory { directory in
            let link = directory.appendingPathComponent("latest.md").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "nightly/report.md")
            try Console.emit("first", to: link, sparing: Self.database)
            #expect(Self.type(link) == S_IFLNK)
            #expect(
                try String(contentsOfFile: directory.appendingPathComponent("nightly/report.md").path, encoding: .utf8)
                    == "first")
        }
    }

    @Test func aDescriptorNamedAsAPathIsWrittenThroughKeepingItsFile() throws {
        try Self.withDirectory { directory in
            let log = directory.appendingPathComponent("cron.log").path
            try Data("earlier line\n".utf8).write(to: URL(fileURLWithPath: log))
            var before = stat()
            stat(log, &before)
            // As a shell's `>> cron.log` leaves it: a descriptor in append mode.
            let descriptor = open(log, O_WRONLY | O_APPEND)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            try Console.emit("report", to: "/dev/fd/\(descriptor)", sparing: Self.database)
            var after = stat()
            stat(log, &after)
            #expect(after.st_ino == before.st_ino)
            #expect(try String(contentsOfFile: log, encoding: .utf8) == "earlier line\nreport")
        }
    }

    @Test func aDirectoryIsRefusedAndNothingIsCreated() throws {
        try Self.withDirectory { directory in
            let existing = directory.appendingPathComponent("reports")
            try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
            #expect(throws: CommandError.self) { try Console.emit("x", to: existing.path, sparing: Self.database) }
            let missing = directory.appendingPathComponent("new").path + "/"
            #expect { try Console.emit("x", to: missing, sparing: Self.database) } throws: { error in
                "\(error)" == "\(missing) is a directory: -o takes the path of a file"
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["reports"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: existing.path).isEmpty)
        }
    }

    @Test func aReplacedFileKeepsItsMode() throws {
        try Self.withDirectory { directory in
            let file = directory.appendingPathComponent("private.json").path
            try Console.emit("{}", to: file, sparing: Self.database)
            #expect(chmod(file, 0o600) == 0)
            try Console.emit("[]", to: file, sparing: Self.database)
            var info = stat()
            stat(file, &info)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "[]")
        }
    }

    /// A database whose bytes the refusal tests check afterwards: any file will do, it is never opened as SQLite.
    static func database(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("plinv.sqlite").path
        try Data("SQLite format 3\u{0}snapshots".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `-o` naming the database, however it is reached, is refused before anything is written: a report written
    /// there would replace every snapshot.
    @Test func theDatabaseIsNeverReplacedByAReport() throws {
        try Self.withDirectory { directory in
            let database = try Self.database(in: directory)
            let before = try Data(contentsOf: URL(fileURLWithPath: database))
            let link = directory.appendingPathComponent("latest.md").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "plinv.sqlite")
            let hardLink = directory.appendingPathComponent("hard.md").path
            try FileManager.default.linkItem(atPath: database, toPath: hardLink)
            let sub = directory.appendingPathComponent("sub")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let dotted = sub.path + "/../plinv.sqlite"
            for output in [database, link, hardLink, dotted, database + "-wal", database + "-journal"] {
                #expect {
                    try Console.emit("report", to: output, sparing: database)
                } throws: { error in
                    "\(error)".hasPrefix("\(output) is the database \(database)")
                }
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
            #expect(!FileManager.default.fileExists(atPath: database + "-wal"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(leftovers.sorted() == ["hard.md", "latest.md", "plinv.sqlite", "sub"])
        }
    }

    /// The database named through a link (`--db` a link, `-o` its target) is the same file, and refused too; a file
    /// beside it is written as usual.
    @Test func theDatabaseBehindALinkIsRefusedAndItsNeighboursAreNot() throws {
        try Self.withDirectory { directory in
            let database = try Self.database(in: directory)
            let dbLink = directory.appendingPathComponent("db-link.sqlite").path
            try FileManager.default.createSymbolicLink(atPath: dbLink, withDestinationPath: database)
            #expect(throws: CommandError.self) { try Console.emit("report", to: database, sparing: dbLink) }
            let beside = directory.appendingPathComponent("plinv.sqlite.md").path
            try Console.emit("report", to: beside, sparing: dbLink)
            #expect(try String(contentsOfFile: beside, encoding: .utf8) == "report")
        }
    }

    /// A descriptor open on the database (`-o /dev/fd/N`) is the database too, and so is a journal that does not
    /// exist yet, named through a link to the database's folder.
    @Test func theDatabaseThroughADescriptorOrALinkedFolderIsRefused() throws {
        try Self.withDirectory { directory in
            let database = try Self.database(in: directory)
            let before = try Data(contentsOf: URL(fileURLWithPath: database))
            let descriptor = open(database, O_RDWR)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            #expect(throws: CommandError.self) {
                try Console.emit("report", to: "/dev/fd/\(descriptor)", sparing: database)
            }
            let folderLink = directory.appendingPathComponent("db-folder").path
            try FileManager.default.createSymbolicLink(atPath: folderLink, withDestinationPath: directory.path)
            #expect(throws: CommandError.self) {
                try Console.emit("report", to: folderLink + "/plinv.sqlite-journal", sparing: database)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
            #expect(!FileManager.default.fileExists(atPath: database + "-journal"))
        }
    }

    /// A folder that cannot be made (a file stands where it would be) is one error in plinv's words.
    @Test func aFileWhereTheFolderWouldBeIsOneError() throws {
        try Self.withDirectory { directory in
            let file = directory.appendingPathComponent("afile").path
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
            #expect {
                try Console.emit("report", to: file + "/x.md", sparing: Self.database)
            } throws: { error in
                "\(error)" == "cannot write \(file)/x.md: cannot make the folder \(file): \(file) is a file"
            }
        }
    }
}
