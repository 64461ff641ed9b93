import Foundation
import Logging

/// Credentials printed by a profile's `credential_process` command as version-1 JSON:
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
///
/// The command is split like a POSIX shell would (quotes, backslashes) and run without a shell. Messages name
/// only the program, never its arguments, its standard error or its output.
public struct ProcessCredentialProvider: CredentialProvider {
    /// The command line from `credential_process`.
    public var command: String
    /// The profile that set it, for the description.
    public var profile: String

    /// A provider that runs `command`.
    public init(command: String, profile: String) {
        self.command = command
        self.profile = profile
    }

    public var sourceDescription: String { "credential_process, profile \(profile)" }

    public func credentials(logger: Logger) async throws -> Credentials {
        let arguments = try ShellWords.split(command)
        guard let program = arguments.first else {
            throw CredentialError.invalidProfile(profile: profile, reason: "credential_process is empty")
        }
        let programName = URL(fileURLWithPath: program).lastPathComponent
        logger.debug("running credential_process", metadata: ["aws-credential-process": "\(programName)"])
        let output = try await Self.run(arguments, programName: programName)
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
    private static func run(_ arguments: [String], programName: String) async throws -> Data {
        let process = Process()
        if arguments[0].contains("/") {
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
        }
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CredentialError.processFailed(program: programName, reason: "cannot start it")
        }
        let reader = stdout.fileHandleForReading
        let (output, status) = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = (try? reader.readToEnd()) ?? Data()
                process.waitUntilExit()
                continuation.resume(returning: (data, process.terminationStatus))
            }
        }
        if status != 0 {
            let reason =
                status == 127 && process.terminationReason == .exit
                ? "not found (exit status 127)"
                : "exit status \(status)"
            throw CredentialError.processFailed(program: programName, reason: reason)
        }
        return output
    }
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
