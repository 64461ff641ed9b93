import Foundation
import Logging
import Synchronization

/// Credentials printed by a profile's `credential_process` command as version-1 JSON:
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
///
/// The command is split like a POSIX shell would (quotes, backslashes) and run without a shell. It gets `timeout`
/// seconds (60 by default: room for a browser sign-in), then it is terminated. When it fails, its
/// standard error (the last `stderrLimit` characters, which is where tools such as `aws-vault` or `saml2aws` say
/// what went wrong) is part of the error; its standard output, which may hold credentials, never is.
public struct ProcessCredentialProvider: CredentialProvider {
    /// The command line from `credential_process`.
    public var command: String
    /// The profile that set it, for the description.
    public var profile: String
    /// Seconds the command may run.
    public var timeout: TimeInterval

    /// The default time a credential process may take (an interactive SSO or MFA flow included).
    public static let defaultTimeout: TimeInterval = 60
    /// The most characters of standard error an error message quotes.
    public static let stderrLimit = 1000

    /// A provider that runs `command`.
    public init(command: String, profile: String, timeout: TimeInterval = Self.defaultTimeout) {
        self.command = command
        self.profile = profile
        self.timeout = timeout
    }

    public var sourceDescription: String { "credential_process, profile \(profile)" }

    public func credentials(logger: Logger) async throws -> Credentials {
        let arguments = try ShellWords.split(command)
        guard let program = arguments.first else {
            throw CredentialError.invalidProfile(profile: profile, reason: "credential_process is empty")
        }
        let programName = URL(fileURLWithPath: program).lastPathComponent
        logger.debug("running credential_process", metadata: ["aws-credential-process": "\(programName)"])
        let output = try await Self.run(arguments, programName: programName, timeout: timeout)
        let credentials: Credentials
        do throws(CredentialsJSON.ReadError) {
            let object = try CredentialsJSON.object(output)
            guard let version = object["Version"] as? Int, version == 1 else {
                throw CredentialsJSON.ReadError(reason: "Version must be 1")
            }
            credentials = try CredentialsJSON.credentials(
                object, tokenKey: "SessionToken", requireToken: false, requireExpiration: false)
        } catch {
            throw CredentialError.processOutputInvalid(program: programName, reason: error.reason)
        }
        return credentials
    }

    /// Runs the command and returns its standard output.
    private static func run(_ arguments: [String], programName: String, timeout: TimeInterval) async throws -> Data {
        let process = Process()
        if arguments[0].contains("/") {
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
        }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Finished?, Never>) in
            Thread.detachNewThread { continuation.resume(returning: Self.runToEnd(process, timeout: timeout)) }
        }
        guard let finished else { throw CredentialError.processFailed(program: programName, reason: "cannot start it") }
        let status = finished.status
        let shownError = Self.excerpt(finished.errors)
        if finished.timedOut {
            throw CredentialError.processFailed(
                program: programName,
                reason: "no answer within \(String(format: "%g", timeout)) s, stopped" + shownError)
        }
        if status != 0 || process.terminationReason != .exit {
            let reason =
                process.terminationReason == .uncaughtSignal
                ? "killed by signal \(status)"
                : status == 127 ? "not found (exit status 127)" : "exit status \(status)"
            throw CredentialError.processFailed(program: programName, reason: reason + shownError)
        }
        return finished.output
    }

    /// What a helper left behind.
    private struct Finished: Sendable {
        var output: Data
        var errors: Data
        var status: Int32
        var timedOut: Bool
    }

    /// Starts `process`, kills it after `timeout` seconds, and waits for it and its output; nil when it cannot start.
    ///
    /// Call it on a thread of its own, which it unblocks every signal of first: a child inherits the signal mask of
    /// the thread that starts it, and Swift's concurrency threads block nearly every signal, so a helper would run
    /// with SIGTERM, SIGINT and SIGCHLD blocked for its whole life (swift-corelibs-foundation issue 4772). The same
    /// thread waits, because on Linux `waitUntilExit()` sleeps only on the thread whose run loop `run()` registered
    /// with, and spins on any other. Foundation's process manager thread, started by the first `run()`, inherits the
    /// empty mask; plinv handles no signal, so every signal keeps its default action wherever it lands.
    private static func runToEnd(_ process: Process, timeout: TimeInterval) -> Finished? {
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        pthread_sigmask(SIG_SETMASK, &noSignals, nil)
        guard (try? process.run()) != nil else { return nil }
        let timedOut = TimeoutFlag()
        let timer = DispatchWorkItem {
            guard process.isRunning else { return }
            timedOut.set()
            // SIGKILL: a helper stuck in a prompt may ignore SIGTERM (and inherits nothing that would stop it).
            kill(process.processIdentifier, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + max(timeout, 0), execute: timer)
        defer { timer.cancel() }
        let group = DispatchGroup()
        let outputData = LockedData()
        let errorData = LockedData()
        for (pipe, sink) in [(process.standardOutput, outputData), (process.standardError, errorData)] {
            guard let reader = (pipe as? Pipe)?.fileHandleForReading else { continue }
            group.enter()
            // Threads of their own: Dispatch's global queues are about as wide as the machine has cores.
            Thread.detachNewThread {
                sink.set((try? reader.readToEnd()) ?? Data())
                group.leave()
            }
        }
        process.waitUntilExit()
        // A child the command left behind may keep the pipes open: do not wait for it for long.
        _ = group.wait(timeout: .now() + (timedOut.isSet ? 0.5 : 5))
        return Finished(
            output: outputData.value, errors: errorData.value, status: process.terminationStatus,
            timedOut: timedOut.isSet)
    }

    /// `: <stderr>` (its last `stderrLimit` characters, trimmed), or nothing when it printed nothing.
    static func excerpt(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return "" }
        let tail = text.count > stderrLimit ? "…" + String(text.suffix(stderrLimit)) : text
        return "; its standard error: " + tail
    }
}

/// Set once by the timeout timer, read after the process ends.
private final class TimeoutFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}

/// The bytes a reader thread collected.
private final class LockedData: Sendable {
    private let data = Mutex(Data())
    func set(_ new: Data) { data.withLock { $0 = new } }
    var value: Data { data.withLock { $0 } }
}

/// POSIX shell word splitting without expansion, as Python's `shlex.split`.
enum ShellWords {
    /// The words of `line`: whitespace separates, quotes group, backslash escapes.
    static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                word.append(character)
            case ("\"", "\\"):
                guard let next = iterator.next() else { throw unterminated() }
                if !["\"", "\\", "$", "`"].contains(next) { word.append("\\") }
                word.append(next)
            case ("\"", _):
                word.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, "\\"):
                guard let next = iterator.next() else { throw unterminated() }
                word.append(next)
                inWord = true
            case (nil, _) where character.isWhitespace:
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(character)
                inWord = true
            }
        }
        if quote != nil { throw unterminated() }
        if inWord { words.append(word) }
        return words
    }

    private static func unterminated() -> CredentialError {
        .invalidSetting(name: "credential_process", value: "(not shown)", expected: "a command line with closed quotes")
    }
}
