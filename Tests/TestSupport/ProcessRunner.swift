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

/// How long a child of `runProcess` may run before it is killed and the call throws: far beyond any test's
/// need, so that a stuck child fails its test, naming the command, instead of hanging the run.
public let defaultProcessTimeLimit: Duration = .seconds(600)

/// Runs `executable` to completion and collects its exit status, standard output and standard error.
///
/// - Parameters:
///   - executable: a path, or a bare name looked up on this process's `PATH`.
///   - environment: the child's COMPLETE environment; nil inherits this process's environment.
///     Use `ProcessEnvironment.isolated()` (or `PeerInstance.environment(account:)`) so that a developer's
///     real AWS settings never leak into a test.
///   - stdin: bytes fed to the child's standard input, which is then closed; nil gives it /dev/null.
///   - currentDirectory: the child's working directory; nil keeps this process's.
///   - timeLimit: how long the child may run before it is killed (with its process group).
/// - Throws: `TestSupportError.executableNotFound` when the executable does not exist, `.timedOut` when it ran
///   past `timeLimit`. A non-zero exit status is NOT an error here; inspect `status`.
public func runProcess(
    executable: String,
    arguments: [String] = [],
    environment: [String: String]? = nil,
    stdin: Data? = nil,
    currentDirectory: URL? = nil,
    timeLimit: Duration = defaultProcessTimeLimit
) async throws -> ProcessResult {
    let child = try ChildProcess(
        executable: executable, arguments: arguments, environment: environment, currentDirectory: currentDirectory,
        standardInput: stdin == nil ? .null : .pipe, standardOutput: .pipe, standardError: .pipe)
    return try await Spawning.onOwnThread { Result { try child.collect(input: stdin, timeLimit: timeLimit) } }.get()
}

/// `runProcess` for synchronous code: blocks the calling thread until the child has exited.
public func runProcessBlocking(
    executable: String,
    arguments: [String] = [],
    environment: [String: String]? = nil,
    timeLimit: Duration = defaultProcessTimeLimit
) throws -> ProcessResult {
    let child = try ChildProcess(
        executable: executable, arguments: arguments, environment: environment, standardOutput: .pipe,
        standardError: .pipe)
    return try child.collect(input: nil, timeLimit: timeLimit)
}

extension ChildProcess {
    /// How long output is still read after the child has exited, for what a child it started keeps writing.
    static let drainAfterExit: Duration = .seconds(5)

    /// Feeds `input` (then closes standard input), reads standard output and error until both end, and returns
    /// them with the exit status. Blocks the calling thread.
    ///
    /// Once the child has exited, output is read for `drainAfterExit` more at most: a grandchild that kept the pipes
    /// open cannot hold the caller. At `timeLimit` (the child, or what it started, still running) the child's process
    /// group is killed and `.timedOut` thrown.
    func collect(input: Data?, timeLimit: Duration) throws -> ProcessResult {
        if let input, let writer = standardInput {
            Thread.detachNewThread {
                writer.write([UInt8](input))
                writer.close()
            }
        }
        // Standard output then error, and the indices of those not yet at end of file.
        let ends = [standardOutput, standardError]
        var collected: [[UInt8]] = [[], []]
        var open = ends.indices.filter { ends[$0] != nil }
        let deadline = ContinuousClock.now + timeLimit
        var exitedAt: ContinuousClock.Instant?
        var timedOut = false
        while true {
            if exitedAt == nil, exitStatus != nil { exitedAt = .now }
            if let exitedAt, open.isEmpty || ContinuousClock.now - exitedAt > Self.drainAfterExit { break }
            if ContinuousClock.now > deadline {
                timedOut = true
                kill(-processIdentifier, SIGKILL)
                if exitedAt == nil { kill(processIdentifier, SIGKILL) }
                break
            }
            var descriptors = open.map { pollfd(fd: ends[$0]!.rawValue, events: Int16(POLLIN), revents: 0) }
            // Readable (at end of file) once the child has exited; after that, only the pipes are waited for.
            if exitedAt == nil {
                descriptors.append(pollfd(fd: exitSignal.rawValue, events: Int16(POLLIN), revents: 0))
            }
            _ = poll(&descriptors, nfds_t(descriptors.count), 250)
            var ended: Set<Int> = []
            for (slot, stream) in open.enumerated() where descriptors[slot].revents != 0 {
                let chunk = ends[stream]!.read(before: nil) ?? []
                if chunk.isEmpty { ended.insert(stream) } else { collected[stream] += chunk }
            }
            open.removeAll { ended.contains($0) }
        }
        standardOutput?.close()
        standardError?.close()
        let (stdout, stderr) = (Data(collected[0]), Data(collected[1]))
        if timedOut {
            throw TestSupportError.timedOut(
                commandLine: commandLine, limit: timeLimit, stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: stderr, as: UTF8.self))
        }
        return ProcessResult(status: exitStatus ?? -1, stdout: stdout, stderr: stderr)
    }
}
