import Foundation

/// What `ChildProcess` needs from glibc beyond Swift's Glibc module, and its small helpers.
enum Spawning {
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34), `…_addchdir_np` (2.29) and `pipe2`: not in Swift's
    /// Glibc module, so looked up by name.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// A glibc function by name, or nil.
    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(dlopen(nil, RTLD_NOW), name)
    }

    /// Makes the child close every descriptor above 2 once its standard streams are in place.
    static func closeEverythingAboveStandardStreams(_ actions: inout posix_spawn_file_actions_t) throws {
        guard let function = symbol("posix_spawn_file_actions_addclosefrom_np") else {
            throw TestSupportError.processFailed(
                executable: "posix_spawn", arguments: [], status: -1,
                stderr: "this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later needed)")
        }
        _ = unsafeBitCast(function, to: CloseFrom.self)(&actions, 3)
    }

    /// A pipe's read and write descriptors, close-on-exec at once (`pipe2(O_CLOEXEC)`), so that no child spawned
    /// meanwhile elsewhere in this process (Foundation's `Process`, in `ProcessCredentialProvider`) gets them.
    static func pipe() throws -> (reader: Int32, writer: Int32) {
        guard let function = symbol("pipe2") else {
            throw TestSupportError.processFailed(
                executable: "pipe2", arguments: [], status: -1, stderr: "this C library has no pipe2")
        }
        var ends: [Int32] = [0, 0]
        guard unsafeBitCast(function, to: Pipe2.self)(&ends, O_CLOEXEC) == 0 else {
            throw TestSupportError.processFailed(
                executable: "pipe2", arguments: [], status: errno, stderr: String(cString: strerror(errno)))
        }
        return (ends[0], ends[1])
    }

    /// Makes the child start in `directory`.
    static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, to directory: String) throws {
        guard let function = symbol("posix_spawn_file_actions_addchdir_np") else {
            throw TestSupportError.processFailed(
                executable: "posix_spawn", arguments: [], status: -1,
                stderr: "this C library has no posix_spawn_file_actions_addchdir_np (glibc 2.29 or later needed)")
        }
        _ = directory.withCString { unsafeBitCast(function, to: ChangeDirectory.self)(&actions, $0) }
    }

    /// Calls `body` with `strings` as a NULL-terminated array of C strings.
    static func withCStrings<T>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> T
    ) -> T {
        let copies = strings.map { strdup($0) } + [nil]
        defer { copies.forEach { free($0) } }
        return copies.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Runs blocking work (pipe reads, waits) on a thread of its own, never on Swift's cooperative pool or
    /// Dispatch's width-limited global queues, and awaits its result.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }
}
