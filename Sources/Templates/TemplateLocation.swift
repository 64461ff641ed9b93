/// A position in a template or parameters file: the file as given, 1-based line and column.
public struct TemplateLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The file path as the caller named it.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (lhs: TemplateLocation, rhs: TemplateLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    /// `file:line:column`, the form editors and compilers print.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A value together with the template position it was written at.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: TemplateLocation

    public init(_ value: Value, at location: TemplateLocation) {
        self.value = value
        self.location = location
    }
}
