import Foundation

/// Turns a report into the text of one output format. Rendering is pure: equal inputs and templates
/// give byte-identical text.
public protocol ReportRenderer: Sendable {
    /// The report as text.
    func render(_ report: ReportInput) throws -> String
}

/// The output formats of `--format`.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case md
    case html
    case json

    /// The file name extension of this format.
    public var fileExtension: String { rawValue }

    /// The renderer of findings reports (`drift`, `audit`, `changes`, `report`) in this format.
    ///
    /// - Parameter templateDirectory: a `--templates` directory whose templates override the embedded ones.
    public func makeRenderer(templateDirectory: URL? = nil) throws -> any ReportRenderer {
        switch self {
        case .md: try MarkdownRenderer(templateDirectory: templateDirectory)
        case .html: try HTMLRenderer(templateDirectory: templateDirectory)
        case .json: JSONRenderer()
        }
    }

    /// The renderer of `plinv inventory` in this format: JSON is the contract's inventory document.
    public func makeInventoryRenderer(templateDirectory: URL? = nil) throws -> any ReportRenderer {
        switch self {
        case .json: InventoryJSONRenderer()
        case .md, .html: try makeRenderer(templateDirectory: templateDirectory)
        }
    }
}
