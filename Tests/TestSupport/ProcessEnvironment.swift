import Foundation

/// Environments and executables for the processes tests start (python3, aws, plinv).
public enum ProcessEnvironment {
    /// A minimal environment with no AWS settings at all: PATH, HOME, locale and temp dir from this process,
    /// AWS config and credentials files pointed at a path that does not exist, instance metadata off.
    /// `extra` is merged on top.
    public static func isolated(_ extra: [String: String] = [:]) -> [String: String] {
        let current = ProcessInfo.processInfo.environment
        var environment: [String: String] = [:]
        for name in ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYENV_ROOT", "PYENV_VERSION"] {
            if let value = current[name] { environment[name] = value }
        }
        let missing = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("plinv-no-aws-config").path
        environment["AWS_CONFIG_FILE"] = missing
        environment["AWS_SHARED_CREDENTIALS_FILE"] = missing
        environment["AWS_EC2_METADATA_DISABLED"] = "true"
        environment["AWS_PAGER"] = ""
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// The python interpreter tests use: `$PLINV_TEST_PYTHON`, else `python3` on PATH.
    public static var python: String {
        ProcessInfo.processInfo.environment["PLINV_TEST_PYTHON"] ?? "python3"
    }

    /// The AWS CLI tests use: `$PLINV_TEST_AWS_CLI`, else `aws` on PATH.
    public static var awsCLI: String {
        ProcessInfo.processInfo.environment["PLINV_TEST_AWS_CLI"] ?? "aws"
    }

    /// The file `name` names: itself when it contains a `/`, else the first executable match on `PATH`.
    /// - Throws: `TestSupportError.executableNotFound`.
    public static func locate(_ name: String) throws -> URL {
        let fileManager = FileManager.default
        if name.contains("/") {
            guard fileManager.isExecutableFile(atPath: name) else { throw TestSupportError.executableNotFound(name) }
            return URL(fileURLWithPath: name)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if fileManager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestSupportError.executableNotFound(name)
    }

    /// Makes a write to a pipe whose reader has exited fail with EPIPE instead of killing the test process.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}
