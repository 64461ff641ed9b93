import Foundation
import TestSupport
import Testing

/// The harness's child processes: they inherit only their standard streams, a stuck one fails its test instead of
/// hanging the run, and one that leaves a grandchild holding its pipes does not hold the caller.
@Suite struct ChildProcessTests {
    /// Python that prints the descriptors above 2 it was born with, as a JSON list.
    static let inheritedDescriptors = """
        import json, os
        open_fds = []
        for fd in range(3, 4096):
            try:
                os.fstat(fd)
                open_fds.append(fd)
            except OSError:
                pass
        print(json.dumps(open_fds))
        """

    @Test func aChildInheritsOnlyItsStandardStreams() async throws {
        // A pipe this process holds without close-on-exec, as Foundation's `Pipe` and other libraries make them.
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        let result = try await runProcess(executable: "python3", arguments: ["-c", Self.inheritedDescriptors])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func statusIsTheExitCodeOrTheSignalNumber() async throws {
        #expect(try await runProcess(executable: "sh", arguments: ["-c", "exit 3"]).status == 3)
        #expect(try await runProcess(executable: "sh", arguments: ["-c", "kill -9 $$"]).status == 9)
        #expect(
            try runProcessBlocking(executable: "sh", arguments: ["-c", "echo out; echo err >&2; exit 4"]).status == 4)
    }

    @Test func aChildStartsWithNoSignalBlockedOrIgnoredAndStopsAtSIGTERM() async throws {
        // Spawned from a Swift concurrency thread, which blocks nearly every signal, in a process that ignores
        // SIGPIPE: the child must get neither.
        let child = try ChildProcess(executable: "sleep", arguments: ["600"])
        let status = try String(contentsOfFile: "/proc/\(child.processIdentifier)/status", encoding: .utf8)
        func mask(_ name: String) -> UInt64? {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { UInt64($0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) }
        }
        // Bit n-1 is signal n. Signals 32 and 33 are glibc's own (thread cancellation), which no program can change.
        let standardSignals: UInt64 = 0x7FFF_FFFF
        #expect(mask("SigBlk").map { $0 & standardSignals } == 0)
        #expect(mask("SigIgn").map { $0 & standardSignals } == 0)
        #expect(await child.stop(grace: .seconds(60)) == SIGTERM)
    }

    @Test func inputAndOutputLargerThanAPipeBufferPassThrough() async throws {
        var generator = SeededGenerator(seed: 7)
        let input = Data((0..<1_000_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let result = try await runProcess(executable: "cat", stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == input)
    }

    @Test func aChildStillRunningAtItsTimeLimitIsKilledAndNamed() async throws {
        let error = await #expect(throws: TestSupportError.self) {
            try await runProcess(
                executable: "sh", arguments: ["-c", "echo started; sleep 600"], timeLimit: .seconds(3))
        }
        guard case .timedOut(let commandLine, _, let stdout, _) = error else {
            Issue.record("not a time-out: \(String(describing: error))")
            return
        }
        #expect(commandLine == "sh -c echo started; sleep 600")
        #expect(stdout == "started\n")
    }

    @Test func aGrandchildHoldingThePipesDoesNotHoldTheCaller() async throws {
        // The shell exits at once; the sleep it started keeps its standard output and error open.
        let result = try await runProcess(
            executable: "sh", arguments: ["-c", "sleep 600 & echo $!"], timeLimit: .seconds(60))
        let grandchild = try #require(Int32(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(grandchild, SIGKILL) }
        #expect(result.status == 0)
        #expect(kill(grandchild, 0) == 0, "the grandchild is still running")
    }

    @Test func aLongLivedChildKeepsNoOtherChildsPipes() async throws {
        // A child that lives on (as the shared peer does), started while other children run: none of their pipes may
        // reach it, or their output would never end.
        async let others = withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<16 {
                group.addTask { try await runProcess(executable: "sh", arguments: ["-c", "echo x"]).status }
            }
            return try await group.reduce(into: [Int32]()) { $0.append($1) }
        }
        let server = try ChildProcess(
            executable: "python3",
            arguments: ["-c", "import sys; print('ready', flush=True); sys.stdin.read()"],
            standardInput: .pipe, standardOutput: .pipe)
        defer { server.closeStandardInput() }
        #expect(await server.firstLineOfOutput() == "ready")
        #expect(try await others == Array(repeating: 0, count: 16))
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(server.processIdentifier)/fd")
        #expect(descriptors.compactMap(Int.init).sorted() == [0, 1, 2])
        server.closeStandardInput()
        #expect(await server.status() == 0)
    }
}
