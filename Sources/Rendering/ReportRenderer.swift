import Foundation

/// Turns a report into the text of one output format. Rendering is pure: equal inputs and templates
/// give byte-identical text.
public protocol ReportRenderer: Sendable {
    /// The report as text.
    func render(_ report: ReportInput) throws -> String

    /// Writes the report to `sink` as it renders, a chunk at a time: the same bytes as `render(_:)`.
    func write(_ report: ReportInput, to sink: any ReportSink) throws
}

extension ReportRenderer {
    /// Renders the whole text, then hands it to `sink` (for formats that are small or need the whole text first).
    public func write(_ report: ReportInput, to sink: any ReportSink) throws {
        var text = try render(report)
        try text.withUTF8 { try sink.write(UnsafeRawBufferPointer($0)) }
    }
}

/// The output formats of `--format`.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case md
    case html
    case json
    /// SARIF 2.1.0, for code scanning.
    case sarif

    /// The file name extension of this format.
    public var fileExtension: String { rawValue }

    /// The renderer of findings reports (`drift`, `audit`, `changes`, `report`) in this format.
    ///
    /// - Parameters:
    ///   - templateDirectory: a `--templates` directory whose templates override the embedded ones.
    ///   - markdownBudget: the Markdown size budget (`MarkdownRenderer.Budget.jira` for a Jira field); other formats
    ///     ignore it.
    public func makeRenderer(templateDirectory: URL? = nil, markdownBudget: MarkdownRenderer.Budget = .init()) throws
        -> any ReportRenderer
    {
        switch self {
        case .md: try MarkdownRenderer(templateDirectory: templateDirectory, budget: markdownBudget)
        case .html: try HTMLRenderer(templateDirectory: templateDirectory)
        case .json: JSONRenderer()
        case .sarif: SARIFRenderer()
        }
    }

    /// The renderer of `plinv inventory` in this format: JSON is the contract's inventory document; SARIF has the
    /// report's findings, if any.
    public func makeInventoryRenderer(templateDirectory: URL? = nil, markdownBudget: MarkdownRenderer.Budget = .init())
        throws -> any ReportRenderer
    {
        switch self {
        case .json: InventoryJSONRenderer()
        case .md, .html, .sarif: try makeRenderer(templateDirectory: templateDirectory, markdownBudget: markdownBudget)
        }
    }
}
