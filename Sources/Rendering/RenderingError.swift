/// What can go wrong while rendering a report.
public enum RenderingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A template did not parse; `line` and `column` are 1-based.
    case templateSyntax(file: String, line: Int, column: Int, message: String)
    /// The `--templates` directory could not be listed.
    case templateDirectoryUnreadable(path: String, reason: String)
    /// A template file could not be read as UTF-8 text.
    case templateUnreadable(path: String)
    /// The renderer needs a template that neither the directory nor the binary has.
    case templateMissing(name: String)
    /// The JSON encoder refused a value.
    case jsonEncoding(reason: String)
    /// `SOURCE_DATE_EPOCH` is set but is not a whole number of seconds.
    case invalidSourceDateEpoch(value: String)

    public var description: String {
        switch self {
        case .templateSyntax(let file, let line, let column, let message):
            "report template \(file):\(line):\(column): \(message)"
        case .templateDirectoryUnreadable(let path, let reason):
            "cannot list report templates in \(path): \(reason)"
        case .templateUnreadable(let path):
            "cannot read report template \(path) as UTF-8 text"
        case .templateMissing(let name):
            "no report template named \(name).mustache"
        case .jsonEncoding(let reason):
            "cannot encode the report as JSON: \(reason)"
        case .invalidSourceDateEpoch(let value):
            "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, not \"\(value)\""
        }
    }
}
