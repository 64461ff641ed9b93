import Foundation
import TestSupport

/// Runs Debian's headless Chromium on a local file.
enum Chromium {
    /// What Chromium printed for one page.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The lines where the page's console reported something (script errors, CSP violations).
        var consoleLines: [String] {
            stderr.split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        }
    }

    /// The Chromium executable, if one is installed.
    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Opens `file` headless with `arguments` added (e.g. `--dump-dom`), console messages logged to stderr.
    static func run(_ file: URL, _ arguments: [String]) throws -> Run {
        guard let executable else { throw ChromiumMissing() }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try runProcessBlocking(
            executable: executable,
            arguments: [
                "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(work.appendingPathComponent("profile").path)", "--enable-logging=stderr", "--v=0",
            ] + arguments + [file.absoluteString])
        return Run(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }

    /// Chromium is not installed.
    struct ChromiumMissing: Error, CustomStringConvertible {
        var description: String {
            "chromium is not installed: apt-get install -y chromium (or set PLINV_SKIP_CHROMIUM=1 to skip these tests)"
        }
    }
}
