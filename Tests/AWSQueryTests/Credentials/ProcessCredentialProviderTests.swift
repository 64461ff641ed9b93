import Foundation
import Testing

@testable import AWSQuery

@Suite struct ProcessCredentialProviderTests {
    let script = fixture("credential_process.sh")

    @Test func staticCredentialsFromAScript() async throws {
        let provider = ProcessCredentialProvider(command: "\(script) static", profile: "p")
        let (logger, log) = CapturingLogHandler.make()
        let credentials = try await provider.credentials(logger: logger)
        #expect(credentials.accessKeyId == "AKIAPROCESSKEY000001")
        #expect(credentials.secretAccessKey == "process-secret-do-not-log")
        #expect(credentials.sessionToken == nil)
        #expect(credentials.expiration == nil)
        #expect(provider.sourceDescription == "credential_process, profile p")
        Secrets.expectAbsent(in: log.lines.joined(separator: "\n"))
    }

    @Test func expiringCredentials() async throws {
        let provider = ProcessCredentialProvider(
            command: "/bin/sh '\(script)' expiring 2031-05-06T07:08:09.123Z", profile: "p")
        let credentials = try await provider.credentials(logger: .init(label: "t"))
        #expect(credentials.sessionToken == "process-token-do-not-log")
        let expiration = try #require(credentials.expiration)
        #expect(abs(expiration.timeIntervalSince1970 - 1_935_817_689.123) < 0.001)
    }

    @Test func theHelperStartsWithNoSignalBlocked() async throws {
        // Run from a Swift concurrency thread, which blocks nearly every signal: the helper must not inherit that.
        let provider = ProcessCredentialProvider(command: "\(script) signals", profile: "p")
        let blocked = try await provider.credentials(logger: .init(label: "t")).accessKeyId
        // Bit n-1 is signal n; 32 and 33 are glibc's own.
        #expect(UInt64(blocked, radix: 16).map { $0 & 0x7FFF_FFFF } == 0, "SigBlk \(blocked)")
    }

    @Test func commandLineIsShellSplit() async throws {
        let provider = ProcessCredentialProvider(
            command: #"sh "\#(script)" args 'AKIA WITH SPACE' "se\$cret""#, profile: "p")
        let credentials = try await provider.credentials(logger: .init(label: "t"))
        #expect(credentials.accessKeyId == "AKIA WITH SPACE")
        #expect(credentials.secretAccessKey == "se$cret")
    }

    @Test(arguments: [
        ("badjson", "not a JSON object"), ("version2", "Version must be 1"), ("missing", "SecretAccessKey"),
        ("expiring yesterday", "Expiration 'yesterday'"),
    ])
    func invalidOutputIsAClearErrorWithoutTheOutput(mode: String, reason: String) async throws {
        let provider = ProcessCredentialProvider(command: "\(script) \(mode)", profile: "p")
        let error = await #expect(throws: CredentialError.self) {
            try await provider.credentials(logger: .init(label: "t"))
        }
        guard case .processOutputInvalid(let program, let message) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(program == "credential_process.sh")
        #expect(message.contains(reason))
        Secrets.expectAbsent(in: error?.description ?? "")
    }

    @Test func failingOrMissingProgramIsAnErrorThatShowsItsStandardError() async throws {
        let failing = ProcessCredentialProvider(command: "\(script) fail", profile: "p")
        let failure = await #expect(throws: CredentialError.self) {
            try await failing.credentials(logger: .init(label: "t"))
        }
        guard case .processFailed(let program, let reason) = failure else {
            Issue.record("unexpected \(String(describing: failure))")
            return
        }
        #expect(program == "credential_process.sh")
        #expect(reason.hasPrefix("exit status 3"))
        #expect(reason.contains("helper: the SSO session expired, run: helper login"))
        Secrets.expectAbsent(in: reason)
        let missing = ProcessCredentialProvider(command: "/nonexistent/helper --token abc", profile: "p")
        let error = await #expect(throws: CredentialError.self) {
            try await missing.credentials(logger: .init(label: "t"))
        }
        #expect(error?.description.contains("'helper'") == true)
        #expect(error?.description.contains("abc") == false)
    }

    @Test(arguments: [
        ("a b  c", ["a", "b", "c"]), (#"a "b c" d"#, ["a", "b c", "d"]), ("a 'b \"c' d", ["a", "b \"c", "d"]),
        (#"a\ b c"#, ["a b", "c"]), (#"x "" y"#, ["x", "", "y"]), (#""a\\b""#, [#"a\b"#]),
    ])
    func shellWords(line: String, words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    // The process would hang for ever: only the 0.5 s timeout can end it, and the message says so. No wall-clock
    // assertion (timing belongs to `make bench`); the time limit only stops a hang.
    @Test(.timeLimit(.minutes(1)))
    func aProcessThatDoesNotAnswerIsStoppedAtItsTimeout() async throws {
        let hanging = ProcessCredentialProvider(command: "\(script) hang", profile: "p", timeout: 0.5)
        let error = await #expect(throws: CredentialError.self) {
            try await hanging.credentials(logger: .init(label: "t"))
        }
        #expect(error?.description.contains("no answer within 0.5 s") == true)
        #expect(error?.description.contains("waiting for the browser") == true)
    }

    @Test func longStandardErrorIsCutToItsEnd() {
        let text = String(repeating: "x", count: 5000) + "the reason"
        let excerpt = ProcessCredentialProvider.excerpt(Data(text.utf8))
        #expect(excerpt.hasSuffix("the reason"))
        #expect(excerpt.count < ProcessCredentialProvider.stderrLimit + 40)
        #expect(ProcessCredentialProvider.excerpt(Data("  \n".utf8)) == "")
    }

    @Test func unterminatedQuoteIsAnError() {
        #expect(throws: CredentialError.self) { try ShellWords.split("a 'b") }
    }
}
