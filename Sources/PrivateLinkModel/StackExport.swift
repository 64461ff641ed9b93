/// A value exported by a stack (`ListExports`), what `Fn::ImportValue` resolves to in its scope.
public struct StackExport: Sendable, Hashable, Codable {
    /// The account and region the export is visible in.
    public var scope: Scope
    /// `Name`, unique per scope.
    public var name: String
    public var value: String
    /// `ExportingStackId`: the ARN of the stack that exports it.
    public var exportingStackId: String

    public init(scope: Scope, name: String, value: String, exportingStackId: String) {
        self.scope = scope
        self.name = name
        self.value = value
        self.exportingStackId = exportingStackId
    }
}
