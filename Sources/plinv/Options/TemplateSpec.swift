import ArgumentParser

/// One `--template` argument: `FILE[,stack=NAME][,params=FILE][,account=A][,region=R]`, so that each template of a
/// drift run carries its own stack, parameters and scope (a provider and a consumer stack in one run).
struct TemplateSpec: Sendable, Equatable {
    var file: String
    var stackName: String?
    var parameterFiles: [String] = []
    var account: String?
    var region: String?

    /// The option names a spec takes after the file.
    static let keys = ["stack", "params", "account", "region"]

    /// Parses a spec; the first comma-separated part is the file, every later part a `key=value` option.
    init(parsing text: String) throws {
        var parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let file = parts.removeFirst()
        guard !file.isEmpty else { throw ValidationError("--template \(text): the file name is empty") }
        self.file = file
        for part in parts {
            guard let equals = part.firstIndex(of: "="), case let key = String(part[..<equals]), Self.keys.contains(key)
            else {
                throw ValidationError(
                    "--template \(text): '\(part)' is not one of \(Self.keys.map { "\($0)=…" }.joined(separator: ", "))"
                )
            }
            let value = String(part[part.index(after: equals)...])
            guard !value.isEmpty else { throw ValidationError("--template \(text): \(key)= needs a value") }
            switch key {
            case "stack": stackName = value
            case "params": parameterFiles.append(value)
            case "account": account = value
            default: region = value
            }
        }
        if (account == nil) != (region == nil) {
            throw ValidationError("--template \(text): give account= and region= together")
        }
    }
}
