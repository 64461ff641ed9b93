import Foundation

/// Renders one self-contained HTML file: inline CSS, inline SVG pictures, no scripts, no external
/// fonts or images, readable printed and on a phone. A Content-Security-Policy forbids scripts.
public struct HTMLRenderer: ReportRenderer {
    /// The name of the top-level template.
    public static let templateName = "report.html"

    public let templates: TemplateSet

    /// A renderer over the embedded templates, each overridden by a file in `templateDirectory` if given.
    public init(templateDirectory: URL? = nil) throws {
        self.init(templates: try TemplateSet(overridesIn: templateDirectory, format: "html"))
    }

    /// A renderer over an already loaded template set.
    public init(templates: TemplateSet) {
        self.templates = templates
    }

    public func render(_ report: ReportInput) throws -> String {
        try ReportBuffer.text { try render(report, into: &$0) }
    }

    public func write(_ report: ReportInput, to sink: any ReportSink) throws {
        try ReportBuffer.write(to: sink) { try render(report, into: &$0) }
    }

    /// Renders the report into `output`, the findings and tables row by row.
    private func render(_ report: ReportInput, into output: inout ReportBuffer) throws {
        try templates.render(ReportView(report, limits: .unlimited), template: Self.templateName, into: &output)
    }
}
