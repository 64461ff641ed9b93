import Foundation
import Logging
import Rendering

/// Everything the executable writes to the terminal goes through here: output on stdout, messages on stderr.
enum Console {
    /// Whether standard error is a terminal (progress is drawn only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes text to standard output.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one line to standard error.
    static func err(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes rendered output to `path`, or to standard output when `path` is nil or `-` (as `emit(to:_:)` does).
    static func emit(_ text: String, to path: String?, sparing database: String) throws {
        try emit(to: path, sparing: database) { sink in try Data(text.utf8).withUnsafeBytes { try sink.write($0) } }
    }

    /// Writes output to `path` (standard output when nil, `-` or `/dev/stdout`) as `write` produces it: a file is
    /// written beside its destination and moved over it when complete (`OutputFile`); standard output gets a final
    /// newline if the output has none. A path that is the database at `database` is refused (`OutputFile`).
    static func emit(to path: String?, sparing database: String, _ write: (any ReportSink) throws -> Void) throws {
        guard let path, path != "-", path != "/dev/stdout" else {
            try OutputFile.refuse(path, sparing: database)
            let sink = FileSink(FileHandle.standardOutput, name: "standard output")
            try write(sink)
            if sink.lastByte != UInt8(ascii: "\n") { try [UInt8(ascii: "\n")].withUnsafeBytes { try sink.write($0) } }
            return
        }
        try OutputFile.write(to: path, sparing: database, write)
    }

    /// Sets up swift-log once: warnings and errors by default, debug with `--verbose`, errors only with `--quiet`.
    static func bootstrapLogging(verbose: Bool, quiet: Bool) {
        let level: Logger.Level = verbose ? .debug : (quiet ? .error : .warning)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// A report sink over an open file: each chunk is written as it comes, straight from the report's buffer.
final class FileSink: ReportSink {
    private let handle: FileHandle
    /// What an error calls the output: its path, or "standard output".
    private let name: String
    /// The last byte written, so standard output can end with a newline.
    private(set) var lastByte: UInt8?

    init(_ handle: FileHandle, name: String) {
        self.handle = handle
        self.name = name
    }

    /// Writes the chunk whole; a failure (a full disk, a closed pipe) is one error naming the output. Written with
    /// `write(2)`: `FileHandle.write(contentsOf:)` took a copy of every chunk as `Data`, and its error read
    /// `Error Domain=NSCocoaErrorDomain Code=640 …`.
    func write(_ chunk: UnsafeRawBufferPointer) throws {
        guard let base = chunk.baseAddress, let last = chunk.last else { return }
        var offset = 0
        while offset < chunk.count {
            let written = systemWrite(handle.fileDescriptor, base + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw CommandError.cannotWriteOutput(path: name, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        lastByte = last
    }
}

/// `write(2)`, under a name that `FileSink.write(_:)` does not hide.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
