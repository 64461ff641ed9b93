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
    static func emit(_ text: String, to path: String?) throws {
        try emit(to: path) { sink in try Data(text.utf8).withUnsafeBytes { try sink.write($0) } }
    }

    /// Writes output to `path` (standard output when nil, `-` or `/dev/stdout`) as `write` produces it: a file is
    /// written beside its destination and moved over it when complete (`OutputFile`); standard output gets a final
    /// newline if the output has none.
    static func emit(to path: String?, _ write: (any ReportSink) throws -> Void) throws {
        guard let path, path != "-", path != "/dev/stdout" else {
            let sink = FileSink(FileHandle.standardOutput)
            try write(sink)
            if sink.lastByte != UInt8(ascii: "\n") { try [UInt8(ascii: "\n")].withUnsafeBytes { try sink.write($0) } }
            return
        }
        try OutputFile.write(to: path, write)
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

/// A report sink over an open file: each chunk is written as it comes.
final class FileSink: ReportSink {
    private let handle: FileHandle
    /// The last byte written, so standard output can end with a newline.
    private(set) var lastByte: UInt8?

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        guard let last = chunk.last else { return }
        try handle.write(contentsOf: Data(chunk))
        lastByte = last
    }
}
