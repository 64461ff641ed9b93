import Foundation
import Testing

@testable import plinv

/// `-o PATH`: a file is replaced whole (keeping its mode), a link keeps pointing at its replaced target, a device or
/// pipe such as `/dev/null` is written in place instead of being replaced by a regular file, a descriptor named as a
/// path is written through, and a directory is refused.
@Suite struct OutputFileTests {
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
            try Console.emit("report text", to: "/dev/full")
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
            try Console.emit("report text", to: fifo)
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
            try Console.emit(to: link) { sink in try Data("new".utf8).withUnsafeBytes { try sink.write($0) } }
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
            try Console.emit("{}", to: file)
            try Console.emit("[]", to: file)
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
            try Console.emit("first", to: link)
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
            try Console.emit("report", to: "/dev/fd/\(descriptor)")
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
            #expect(throws: CommandError.self) { try Console.emit("x", to: existing.path) }
            let missing = directory.appendingPathComponent("new").path + "/"
            #expect { try Console.emit("x", to: missing) } throws: { error in
                "\(error)" == "\(missing) is a directory: -o takes the path of a file"
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["reports"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: existing.path).isEmpty)
        }
    }

    @Test func aReplacedFileKeepsItsMode() throws {
        try Self.withDirectory { directory in
            let file = directory.appendingPathComponent("private.json").path
            try Console.emit("{}", to: file)
            #expect(chmod(file, 0o600) == 0)
            try Console.emit("[]", to: file)
            var info = stat()
            stat(file, &info)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "[]")
        }
    }
}
