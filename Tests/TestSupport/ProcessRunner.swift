import Dispatch
import Foundation

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
    /// The exit status (or the signal number when the process was killed by a signal).
    public var status: Int32
    /// Everything the process wrote to standard output.
    public var stdout: Data
    /// Everything the process wrote to standard error.
    public var stderr: Data

    /// Standard output as UTF-8 text.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs `executable` to completion and collects its exit status, standard output and standard error.
///
/// - Parameters:
///   - executable: a path, or a bare name looked up on this process's `PATH`.
///   - environment: the child's COMPLETE environment; nil inherits this process's environment.
///     Use `ProcessEnvironment.isolated()` (or `PeerInstance.environment(account:)`) so that a developer's
///     real AWS settings never leak into a test.
///   - stdin: bytes fed to the child's standard input, which is then closed; nil gives it /dev/null.
///   - currentDirectory: the child's working directory; nil keeps this process's.
/// - Throws: `TestSupportError.executableNotFound` when the executable does not exist. A non-zero exit
///   status is NOT an error here; inspect `status`.
public func runProcess(
    executable: String,
    arguments: [String] = [],
    environment: [String: String]? = nil,
    stdin: Data? = nil,
    currentDirectory: URL? = nil
) async throws -> ProcessResult {
    let process = Process()
    process.executableURL = try ProcessEnvironment.locate(executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let output = Pipe()
    let errors = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    let exit = ExitWatcher(process)
    if stdin != nil { ProcessEnvironment.ignoreBrokenPipes() }
    try process.run()
    async let stdoutData = readToEnd(output.fileHandleForReading)
    async let stderrData = readToEnd(errors.fileHandleForReading)
    if let stdin {
        let writer = input.fileHandleForWriting
        await onBackgroundThread {
            try? writer.write(contentsOf: stdin)
            try? writer.close()
        }
    }
    let status = await exit.status()
    return ProcessResult(status: status, stdout: await stdoutData, stderr: await stderrData)
}

/// Reads a file handle until end of file, then closes it, without blocking the cooperative thread pool.
func readToEnd(_ handle: FileHandle) async -> Data {
    await onBackgroundThread {
        let data = (try? handle.readToEnd()) ?? Data()
        try? handle.close()
        return data
    }
}

/// Runs blocking work (pipe reads and writes) on a dispatch thread and awaits its result.
func onBackgroundThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}

/// Delivers a child's exit status once, to whoever awaits it. Install before `Process.run()`.
struct ExitWatcher: Sendable {
    private let statusTask: Task<Int32, Never>

    init(_ process: Process) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            continuation.yield(finished.terminationStatus)
            continuation.finish()
        }
        statusTask = Task {
            var status: Int32 = -1
            for await value in stream { status = value }
            return status
        }
    }

    /// The exit status, once the process has exited.
    func status() async -> Int32 { await statusTask.value }
}
