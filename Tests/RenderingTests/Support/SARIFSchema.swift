import Foundation
import TestSupport

/// Validates SARIF text against the OASIS SARIF 2.1.0 schema shipped in `Fixtures/`, with Python's `jsonschema`.
enum SARIFSchema {
    /// The schema file: OASIS's `sarif-schema-2.1.0.json` (errata 01), from github.com/oasis-tcs/sarif-spec.
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sarif-schema-2.1.0.json")

    /// The schema's complaints about `document` (empty when it is valid), each as `path: message`.
    static func errors(in document: String) throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-\(UUID().uuidString).sarif")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            document = json.load(open(sys.argv[2], encoding="utf-8"))
            validator = jsonschema.validators.validator_for(schema)(schema)
            validator.check_schema(schema)
            for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
                print("/".join(map(str, error.absolute_path)) + ": " + error.message[:300])
            """
        let result = try runProcessBlocking(executable: "python3", arguments: ["-c", script, schema.path, file.path])
        guard result.status == 0 else { throw ValidatorFailed(stderr: result.stderrText) }
        return result.stdoutText.split(separator: "\n").map(String.init)
    }

    /// python3 or jsonschema is missing, or the validator crashed.
    struct ValidatorFailed: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "the SARIF schema check could not run (pip install jsonschema): \(stderr)" }
    }
}
