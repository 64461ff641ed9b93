import Foundation
import Testing

@testable import plinv

/// `-o PATH`: a file is replaced whole, a link keeps pointing at its (replaced) target, and a device or pipe such as
/// `/dev/null` is written in place instead of being replaced by a regular file.
@Suite struct ConsoleOutputTests {
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

    @Test func aPipeIsWrittenInPlaceNotReplaced() throws {
        try Self.withDirectory { directory in
            let fifo = directory.appendingPathComponent("out.fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            // A reader that does not block, so that opening the pipe for writing succeeds at once.
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            #expect(reader >= 0)
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
}
