import Testing
@testable import Templates

/// A duplicate key is reported where the duplicate is written (the second occurrence), in YAML and JSON.
@Suite struct DuplicateKeyTests {
    static let yaml: [(String, String, String, Int, Int)] = [
        ("a resource", "Resources:\n  A:\n    Type: T\n  A:\n    Type: T\n", "A", 4, 3),
        (
            "a property", "Resources:\n  A:\n    Type: T\n    Properties:\n      P: 1\n      Q: 2\n      P: 3\n", "P",
            7, 7
        ),
        ("a flow mapping", "Resources:\n  A:\n    Type: T\n    Properties: {P: 1, Q: 2, P: 3}\n", "P", 4, 30),
        ("a quoted key", "Resources:\n  A:\n    Type: T\n    Properties:\n      \"P\": 1\n      'P': 2\n", "P", 6, 7),
        (
            "a later mapping only",
            "Resources:\n  A:\n    Type: T\n    Properties: {P: 1}\n  B:\n    Type: T\n    Properties:\n      P: 1\n      P: 2\n",
            "P", 9, 7
        ),
        ("a section", "Resources:\n  A:\n    Type: T\nDescription: x\nDescription: y\n", "Description", 5, 1),
        (
            "a key in a sequence", "Resources:\n  A:\n    Type: T\n    Properties:\n      L:\n        - {k: 1, k: 2}\n",
            "k", 6, 18
        ),
    ]

    @Test(arguments: yaml)
    func yamlDuplicatesPointAtTheDuplicate(name: String, text: String, key: String, line: Int, column: Int) {
        let error = Fixture.error { try Fixture.loadText(text) }
        #expect(
            error
                == .syntax(
                    message: "duplicate key \(key)",
                    at: TemplateLocation(file: "inline.yaml", line: line, column: column)), "\(name)")
    }

    static let json: [(String, String, String, Int, Int)] = [
        ("a resource", "{\"Resources\": {\n  \"A\": {\"Type\": \"T\"},\n  \"A\": {\"Type\": \"T\"}}}", "A", 3, 3),
        (
            "a property", "{\"Resources\": {\"A\": {\"Type\": \"T\", \"Properties\": {\"P\": 1,\n \"P\": 2}}}}", "P", 2,
            2
        ),
    ]

    @Test(arguments: json)
    func jsonDuplicatesPointAtTheDuplicate(name: String, text: String, key: String, line: Int, column: Int) {
        let error = Fixture.error { try Fixture.loadText(text, file: "inline.json") }
        #expect(
            error
                == .syntax(
                    message: "duplicate key \(key)",
                    at: TemplateLocation(file: "inline.json", line: line, column: column)), "\(name)")
    }
}
