import ArgumentParser
import Drift
import Foundation
import Rendering

/// Renders a report in the requested format, writes it, and turns findings into the exit code.
enum ReportOutput {
    /// Renders `input` as `format` (`text` for the terminal) using `templates` overrides for md and html.
    static func render(_ input: ReportInput, format: OutputFormat, templates: String?, inventory: Bool = false) throws
        -> String
    {
        let directory = templates.map { URL(fileURLWithPath: $0, isDirectory: true) }
        guard let reportFormat = ReportFormat(rawValue: format.rawValue) else { return try TextRenderer().render(input) }
        let renderer = try inventory
            ? reportFormat.makeInventoryRenderer(templateDirectory: directory)
            : reportFormat.makeRenderer(templateDirectory: directory)
        return try renderer.render(input)
    }

    /// The exit code for findings: 2 when any is at or above `threshold` (`none` never fails).
    static func exitCode(for findings: [Finding], threshold: FailThreshold) -> Int32 {
        guard let severity = Severity(rawValue: threshold.rawValue) else { return 0 }
        return SeveritySummary(findings).hasFindings(atOrAbove: severity) ? 2 : 0
    }

    /// Writes the rendered report and exits with 2 when findings reach the threshold.
    static func finish(_ text: String, to path: String?, findings: [Finding], threshold: FailThreshold) throws {
        try Console.emit(text, to: path)
        let code = exitCode(for: findings, threshold: threshold)
        if code != 0 { throw ExitCode(code) }
    }
}

/// Options of the commands that render findings.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, md, html or json.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "A directory of report templates overriding the built-in ones (md and html).")
    var templates: String?
}
