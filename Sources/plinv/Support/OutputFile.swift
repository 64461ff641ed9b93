import Foundation
import Rendering

/// Where `-o PATH` output goes, and how it gets there without a reader ever seeing half of it.
///
/// A regular file is written beside its destination and renamed over it when complete, keeping the mode of the file
/// it replaces. A symbolic link is followed (its target replaced, the link kept), even when the target does not exist
/// yet. A device, FIFO or socket (`/dev/null`, a named pipe) is written in place: a rename would replace the device
/// itself. An open descriptor named as a path (`/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`) is written through that
/// descriptor, so a redirected stream keeps its file, offset and append mode. An output that is the database, or one
/// of SQLite's files beside it, is refused before anything is written: the report would replace the snapshots.
enum OutputFile {
    /// Writes `write`'s output to `path` as described above, refusing a path that is the database at `database`.
    static func write(to path: String, sparing database: String, _ write: (any ReportSink) throws -> Void) throws {
        try refuse(path, sparing: database)
        if let descriptor = openDescriptor(named: path) {
            return try write(FileSink(FileHandle(fileDescriptor: descriptor, closeOnDealloc: false), name: path))
        }
        guard !path.hasSuffix("/") else { throw CommandError.outputIsADirectory(path: path) }
        let destination = followingLinks(URL(fileURLWithPath: path).path)
        switch fileType(destination) {
        case S_IFDIR?: throw CommandError.outputIsADirectory(path: path)
        case nil, S_IFREG?: try replace(destination, write)
        default: try writeInPlace(destination, write)
        }
    }

    /// The descriptor a path such as `/dev/stderr`, `/dev/fd/3` or `/proc/self/fd/3` names; nil for any other path.
    static func openDescriptor(named path: String) -> Int32? {
        if path == "/dev/stderr" { return STDERR_FILENO }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            return Int32(path.dropFirst(prefix.count))
        }
        return nil
    }

    /// `path` with the symbolic links of its last component followed (at most 40, as the kernel does), whether or not
    /// the final target exists.
    static func followingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { return current }
            let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                target.hasPrefix("/")
                ? target : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target).path
        }
        return current
    }

    /// Throws when the output `path` (standard output when nil, `-` or `/dev/stdout`; a descriptor when it names one)
    /// is the database at `database` or its journal, WAL or shared-memory file. Commands call it before any work, so
    /// that nothing is stored for a report that cannot be written; writing calls it again.
    static func refuse(_ path: String?, sparing database: String) throws {
        let files = ["", "-journal", "-wal", "-shm"].map { followingLinks(URL(fileURLWithPath: database + $0).path) }
        let isDatabase: Bool
        switch path {
        case nil, "-", "/dev/stdout":
            let output = FileIdentity(descriptor: STDOUT_FILENO)
            isDatabase = output != nil && files.contains { FileIdentity(path: $0) == output }
        case let path? where openDescriptor(named: path) != nil:
            let output = openDescriptor(named: path).flatMap(FileIdentity.init(descriptor:))
            isDatabase = output != nil && files.contains { FileIdentity(path: $0) == output }
        case let path?:
            let destination = followingLinks(URL(fileURLWithPath: path).path)
            let output = FileIdentity(path: destination)
            isDatabase = files.contains { file in
                if let output, let other = FileIdentity(path: file) { return output == other }
                return canonical(file) == canonical(destination)
            }
        }
        if isDatabase { throw CommandError.outputIsTheDatabase(path: path ?? "standard output", database: database) }
    }

    /// `path` with the links of its folders resolved, for a file that need not exist yet.
    private static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        if let resolved = realpath(url.path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = url.deletingLastPathComponent().path
        guard let resolved = realpath(folder, nil) else { return url.standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved) + "/" + url.lastPathComponent
    }

    /// Why `folder` cannot be made: the nearest thing above it that exists is a file, or a folder plinv cannot write.
    private static func folderProblem(_ folder: URL) -> String {
        var current = folder
        while current.path != "/" {
            if let type = fileType(current.path) {
                guard type == S_IFDIR else { return "\(current.path) is a file" }
                return access(current.path, W_OK) == 0
                    ? "\(current.path) could not be written into" : "\(current.path): \(errorText())"
            }
            current = current.deletingLastPathComponent()
        }
        return "no folder above it exists"
    }

    /// The file type bits (`S_IFREG`, `S_IFDIR`, …) of what `path` names, links followed; nil when nothing is there.
    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// Writes into the existing device, FIFO or socket at `path`.
    private static func writeInPlace(_ path: String, _ write: (any ReportSink) throws -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CommandError.cannotWriteOutput(path: path, reason: errorText()) }
        try write(FileSink(FileHandle(fileDescriptor: descriptor, closeOnDealloc: true), name: path))
    }

    /// Writes a new file beside `path` and renames it over `path` when complete.
    private static func replace(_ path: String, _ write: (any ReportSink) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandError.cannotWriteOutput(
                path: path,
                reason: "cannot make the folder \(folder.path): \(Self.folderProblem(folder))")
        }
        let partial = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial").path
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CommandError.cannotWriteOutput(path: partial, reason: errorText()) }
        do {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            // The report replaces a file that someone may have kept private: it keeps that file's mode.
            var existing = stat()
            if stat(path, &existing) == 0 { fchmod(descriptor, existing.st_mode & 0o7777) }
            try write(FileSink(handle, name: path))
            try handle.synchronize()
            guard rename(partial, path) == 0 else {
                throw CommandError.cannotWriteOutput(path: path, reason: errorText())
            }
        } catch {
            unlink(partial)
            throw error
        }
    }

    /// The C library's text for the current `errno`.
    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// A file as the kernel knows it: its device and inode, whatever path or descriptor reaches it.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    /// The file at `path`, links followed; nil when nothing is there.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        (device, inode) = (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// The file open on `descriptor`; nil when it is not open.
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        (device, inode) = (UInt64(info.st_dev), UInt64(info.st_ino))
    }
}
