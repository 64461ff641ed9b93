import PrivateLinkModel
import Testing
@testable import Templates

/// YAML reading: core-schema scalars, short forms rewritten to long forms, positions.
@Suite struct YAMLReaderTests {
    func read(_ text: String) throws -> TemplateNode {
        try YAMLReader(file: "t.yaml").read(text)
    }

    @Test(arguments: [
        ("80", JSONValue.integer(80)), ("-3", .integer(-3)), ("2.5", .double(2.5)), ("1e3", .double(1000)),
        ("true", .bool(true)), ("False", .bool(false)), ("yes", .string("yes")), ("~", .null), ("", .null),
        ("012345678901", .string("012345678901")), ("2012-10-17", .string("2012-10-17")), ("0x1F", .string("0x1F")),
        ("'80'", .string("80")), ("\"true\"", .string("true")), ("10.0.0.0/8", .string("10.0.0.0/8")),
    ])
    func plainScalarsFollowTheCoreSchema(text: String, expected: JSONValue) throws {
        #expect(try read("v: \(text)")["v"]?.value.scalar == expected)
    }

    @Test func shortFormsBecomeLongForms() throws {
        let node = try read("a: !GetAtt X.Y\nb: !Select [0, !GetAZs '']\nc: !Condition C\n")
        #expect(node["a"]?.value.literalValue == .object(["Fn::GetAtt": .string("X.Y")]))
        #expect(node["b"]?.value.literalValue == .object(["Fn::Select": .array([.integer(0), .object(["Fn::GetAZs": .string("")])])]))
        #expect(node["c"]?.value.literalValue == .object(["Condition": .string("C")]))
        #expect(node["b"]?.value.location == TemplateLocation(file: "t.yaml", line: 2, column: 4))
    }

    @Test func anchorsAndAliasesExpand() throws {
        let node = try read("a: &x [1, 2]\nb: *x\n")
        #expect(node["b"]?.value.literalValue == .array([.integer(1), .integer(2)]))
    }

    @Test func anEmptyDocumentIsNotATemplate() {
        #expect(throws: TemplateError.invalidTemplate(message: "the template is empty", at: TemplateLocation(file: "t.yaml", line: 1, column: 1))) {
            try read("# nothing\n")
        }
    }

    @Test func aTabIndentIsASyntaxErrorWithItsPosition() {
        do {
            _ = try read("a:\n\tb: 1\n")
            Issue.record("expected a syntax error")
        } catch let TemplateError.syntax(_, location) {
            #expect(location.line == 2)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
