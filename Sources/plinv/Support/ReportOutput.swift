import ArgumentParser
import Drift
import Foundation
import Rendering

/// Renders a report in the requested format, writes it, and turns findings into the exit code.
enum ReportOutput {
    /// Renders `input` as `format` (`text` for the terminal) using `templates` overrides for md and html.
    static func render(
        _ input: ReportInput, format: OutputFormat, templates: String?, inventory: Bool = false,
        budget: MarkdownBudget? = nil
    ) throws -> String {
        let directory = templates.map { URL(fileURLWithPath: $0, isDirectory: true) }
        guard let reportFormat = ReportFormat(rawValue: format.rawValue) else {
            return try TextRenderer().render(input)
        }
        let markdownBudget = budget?.budget ?? .github
        let renderer =
            try inventory
            ? reportFormat.makeInventoryRenderer(templateDirectory: directory, markdownBudget: markdownBudget)
            : reportFormat.makeRenderer(templateDirectory: directory, markdownBudget: markdownBudget)
        return try renderer.render(input)
    }

    /// Renders `input` as `format` straight into `path` (standard output when nil or `-`) as it renders, so a large
    /// report is never held whole; the bytes are those `render` gives. A path that is the database is refused.
    static func write(
        _ input: ReportInput, format: OutputFormat, templates: String?, budget: MarkdownBudget? = nil, to path: String?,
        sparing database: String
    ) throws {
        let directory = templates.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let renderer: any ReportRenderer =
            try ReportFormat(rawValue: format.rawValue)?
            .makeRenderer(templateDirectory: directory, markdownBudget: budget?.budget ?? .github) ?? TextRenderer()
        try Console.emit(to: path, sparing: database) { try renderer.write(input, to: $0) }
    }

    /// Exits with `code` when it is not 0.
    static func exit(_ code: Int32) throws {
        if code != 0 { throw ExitCode(code) }
    }

    /// The exit code for findings: 2 when any is at or above `threshold` (`none` never fails); 4 when drift was
    /// asked for and verified nothing, whatever the threshold, so that a scheduler never reads "no drift" there.
    static func exitCode(for findings: [Finding], threshold: FailThreshold, coverage: DriftCoverage? = nil) -> Int32 {
        var code: Int32 = 0
        if let severity = Severity(rawValue: threshold.rawValue),
            SeveritySummary(findings).hasFindings(atOrAbove: severity)
        {
            code = 2
        }
        if coverage?.verifiedNothing == true { code = ExitStatus.worst(code, ExitStatus.nothingVerified) }
        return code
    }

    /// The exit code of a combined report: its problems against the thresholds, and 4 when drift verified nothing.
    static func exitCode(for built: CombinedReport.Built, threshold: FailThreshold, newThreshold: FailThreshold?)
        -> Int32
    {
        var code = built.problems.exitCode(threshold: threshold, newThreshold: newThreshold)
        if built.input.driftCoverage?.verifiedNothing == true {
            code = ExitStatus.worst(code, ExitStatus.nothingVerified)
        }
        return code
    }
}

/// Options of the commands that render findings.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, md, html, json or sarif.")
    var format: OutputFormat = .text

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of standard output (replaced whole when complete; a link's target is "
                + "replaced, a device, pipe or /dev/fd/N written into)."))
    var output: String?

    @Option(name: .long, help: "A directory of report templates overriding the built-in ones (md and html).")
    var templates: String?

    @Option(
        name: .customLong("markdown-budget"),
        help: "The Markdown size budget: github (65,536, the default), jira (32,767) or a number of characters.")
    var markdownBudget: MarkdownBudget?
}

/// `--markdown-budget`: where the Markdown report will be pasted, or how many characters it may have.
struct MarkdownBudget: ExpressibleByArgument, Sendable, Equatable {
    /// The renderer's budget.
    let budget: MarkdownRenderer.Budget

    init?(argument: String) {
        switch argument.lowercased() {
        case "github": budget = .github
        case "jira": budget = .jira
        default:
            guard let characters = Int(argument), characters >= 1_000 else { return nil }
            budget = MarkdownRenderer.Budget(characters: characters)
        }
    }

    static var defaultCompletionKind: CompletionKind { .list(["github", "jira"]) }
}
