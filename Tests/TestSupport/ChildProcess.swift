import Foundation
import Synchronization

/// A child process of the test harness, started with `posix_spawn`: it inherits its standard input, output and
/// error and nothing else, and its exit is awaited by a thread of its own.
///
/// Foundation's `Process` on Linux makes its pipes and its exit-watch socket inheritable, and closes in each child
/// only the descriptors it listed before spawning. A child spawned meanwhile on another thread can inherit another
/// child's pipe ends and exit socket; when that child lives for the whole run (the shared peer, a stub server),
/// the other child's output never ends and its exit is never seen, so a test waits forever. Here every descriptor
/// the harness makes is close-on-exec, the child closes everything above its standard three, and the exit comes
/// from `waitpid`.
public final class ChildProcess: Sendable {
    /// Where a child's standard output or error goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case null
        /// A pipe; read it from `standardOutput` or `standardError`.
        case pipe
        /// Appended to a file.
        case file(URL)
        /// This process's own.
        case inherit
    }

    /// Where a child's standard input comes from.
    public enum Input: Sendable {
        /// `/dev/null`.
        case null
        /// A pipe; write to `standardInput`, close it to end the child's input.
        case pipe
    }

    /// The child's process id; it leads a process group of its own.
    public let processIdentifier: pid_t
    /// The executable and arguments, for messages.
    public let commandLine: String
    /// The write end of the child's standard input, with `Input.pipe`.
    public let standardInput: PipeEnd?
    /// The read end of the child's standard output, with `Output.pipe`.
    public let standardOutput: PipeEnd?
    /// The read end of the child's standard error, with `Output.pipe`.
    public let standardError: PipeEnd?
    /// Becomes readable (end of file) when the child has exited and `exitStatus` is set.
    let exitSignal: PipeEnd
    private let state = Mutex(ExitState())

    /// The exit status once known, and who waits for it.
    private struct ExitState {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    /// Starts `executable` (a path, or a name looked up on `PATH`).
    ///
    /// - Parameters:
    ///   - environment: the child's complete environment; nil inherits this process's.
    ///   - currentDirectory: the child's working directory; nil keeps this process's.
    public init(
        executable: String, arguments: [String] = [], environment: [String: String]? = nil,
        currentDirectory: URL? = nil, standardInput input: Input = .null, standardOutput output: Output = .null,
        standardError errors: Output = .inherit
    ) throws {
        let path = try ProcessEnvironment.locate(executable).path
        commandLine = ([executable] + arguments).joined(separator: " ")
        ProcessEnvironment.ignoreBrokenPipes()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The child's ends, closed here once it has them.
        var childEnds: [PipeEnd] = []
        defer { childEnds.forEach { $0.close() } }

        var inputWriter: PipeEnd?
        switch input {
        case .null:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .pipe:
            let (reader, writer) = try PipeEnd.pipe()
            childEnds.append(reader)
            inputWriter = writer
            posix_spawn_file_actions_adddup2(&actions, reader.rawValue, 0)
        }
        var readers: [PipeEnd?] = []
        for (target, destination) in [(Int32(1), output), (Int32(2), errors)] {
            switch destination {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
                readers.append(nil)
            case .inherit:
                readers.append(nil)
            case .file(let url):
                posix_spawn_file_actions_addopen(&actions, target, url.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
                readers.append(nil)
            case .pipe:
                let (reader, writer) = try PipeEnd.pipe()
                childEnds.append(writer)
                readers.append(reader)
                posix_spawn_file_actions_adddup2(&actions, writer.rawValue, target)
            }
        }
        try Spawning.closeEverythingAboveStandardStreams(&actions)
        if let currentDirectory { try Spawning.changeDirectory(&actions, to: currentDirectory.path) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own, so that a stuck child is killed with whatever it started. Signals as a shell gives
        // them: the spawning thread's mask (Swift's threads block nearly every signal, SIGTERM included) and this
        // process's ignored SIGPIPE would otherwise pass to the child.
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        sigdelset(&everySignal, SIGKILL)
        sigdelset(&everySignal, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)

        let (exitReader, exitWriter) = try PipeEnd.pipe()
        var pid: pid_t = 0
        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let result = Spawning.withCStrings([path] + arguments) { argv in
            Spawning.withCStrings(environment) { envp in posix_spawn(&pid, path, &actions, &attributes, argv, envp) }
        }
        guard result == 0 else {
            exitReader.close()
            exitWriter.close()
            inputWriter?.close()
            readers.forEach { $0?.close() }
            throw TestSupportError.processFailed(
                executable: executable, arguments: arguments, status: result,
                stderr: "posix_spawn failed: \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
        standardInput = inputWriter
        standardOutput = readers[0]
        standardError = readers[1]
        exitSignal = exitReader
        // The waiting thread holds the child's object until it has exited.
        Thread.detachNewThread { [self, exitWriter] in
            var status: Int32 = 0
            while waitpid(processIdentifier, &status, 0) == -1 && errno == EINTR {}
            // Exit status, or the signal's number when a signal ended it (as Foundation reports it).
            let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F
            let waiters = state.withLock { state in
                state.status = code
                defer { state.waiters = [] }
                return state.waiters
            }
            exitWriter.close()
            waiters.forEach { $0.resume(returning: code) }
        }
    }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { state.withLock { $0.status == nil } }

    /// The exit status (or ending signal's number), once the child has exited; nil before.
    public var exitStatus: Int32? { state.withLock { $0.status } }

    /// Waits for the child to exit and returns its exit status (or the number of the signal that ended it).
    public func status() async -> Int32 {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    /// Sends `signal` (SIGTERM by default) to the child and everything in its process group.
    public func signal(_ signal: Int32 = SIGTERM) {
        guard isRunning else { return }
        kill(-processIdentifier, signal)
        kill(processIdentifier, signal)  // in case it left the group (setsid)
    }

    /// Ends the child: closes its standard input, sends SIGTERM, and after `grace` SIGKILL; returns its status.
    @discardableResult
    public func stop(grace: Duration = .seconds(10)) async -> Int32 {
        closeStandardInput()
        signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline {
            do { try await Task.sleep(for: .milliseconds(20)) } catch { break }  // cancelled: straight to SIGKILL
        }
        signal(SIGKILL)
        return await status()
    }

    /// Closes the child's standard input pipe, which ends its input.
    public func closeStandardInput() {
        standardInput?.close()
    }

    /// The first line of standard output (without its newline), or what came before end of file; nil when nothing
    /// came within `timeLimit`. Output read with that line is dropped: use it for a child that prints one line (its
    /// port) and nothing more there.
    public func firstLineOfOutput(within timeLimit: Duration = .seconds(120)) async -> String? {
        guard let standardOutput else { return nil }
        return await Spawning.onOwnThread {
            var bytes: [UInt8] = []
            let deadline = ContinuousClock.now + timeLimit
            while !bytes.contains(UInt8(ascii: "\n")), let chunk = standardOutput.read(before: deadline), !chunk.isEmpty
            {
                bytes += chunk
            }
            guard !bytes.isEmpty else { return nil }
            let line = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[0]
            return String(decoding: line, as: UTF8.self)
        }
    }

    /// Standard output, line by line (without newlines), until end of file.
    public func linesOfOutput() -> AsyncStream<String> {
        let (lines, continuation) = AsyncStream<String>.makeStream()
        guard let standardOutput else {
            continuation.finish()
            return lines
        }
        Thread.detachNewThread {
            var pending: [UInt8] = []
            while let chunk = standardOutput.read(before: nil), !chunk.isEmpty {
                pending += chunk
                while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    continuation.yield(String(decoding: pending[..<end], as: UTF8.self))
                    pending.removeSubrange(...end)
                }
            }
            continuation.finish()
        }
        return lines
    }
}
