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
        #expect(
            node["b"]?.value.literalValue
                == .object(["Fn::Select": .array([.integer(0), .object(["Fn::GetAZs": .string("")])])]))
        #expect(node["c"]?.value.literalValue == .object(["Condition": .string("C")]))
        #expect(node["b"]?.value.location == TemplateLocation(file: "t.yaml", line: 2, column: 4))
    }

    @Test func anchorsAndAliasesExpand() throws {
        let node = try read("a: &x [1, 2]\nb: *x\n")
        #expect(node["b"]?.value.literalValue == .array([.integer(1), .integer(2)]))
    }

    @Test func anEmptyDocumentIsNotATemplate() {
        #expect(
            throws: TemplateError.invalidTemplate(
                message: "the template is empty", at: TemplateLocation(file: "t.yaml", line: 1, column: 1))
        ) {
            try read("# nothing\n")
        }
    }

    /// The error `text` throws, or nil if it reads.
    func error(_ text: String) -> TemplateError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error as? TemplateError
        }
    }

    func at(_ line: Int, _ column: Int) -> TemplateLocation {
        TemplateLocation(file: "t.yaml", line: line, column: column)
    }

    @Test func anAliasOfAScalarIsAKeyAtTheAnchor() throws {
        let node = try read("a: &k x\n*k : 2\n")
        #expect(node["x"]?.value.scalar == .integer(2))
        #expect(node["x"]?.keyLocation == at(1, 4))
    }

    @Test func anAliasOfNothingAnchoredIsASyntaxErrorAtTheAlias() {
        #expect(error("a: 1\nb: *x\n") == .syntax(message: "found undefined alias", at: at(2, 4)))
        // An anchor is defined once its node ends: a node cannot contain itself.
        #expect(error("a: &x [*x]\n") == .syntax(message: "found undefined alias", at: at(1, 8)))
    }

    @Test func keysThatAreNotScalarsAreRefused() {
        #expect(error("? [a]\n: 1\n") == .syntax(message: "a mapping key must be a plain string", at: at(1, 3)))
        #expect(error("a: &s [1]\n*s : 2\n") == .syntax(message: "a mapping key must be a plain string", at: at(1, 4)))
    }

    @Test func keysAreComparedAsTextWhateverTheirTag() {
        #expect(error("a: 1\n!Ref a: 2\n") == .syntax(message: "duplicate key a", at: at(2, 1)))
        #expect(error("a: 1\n'a': 2\n") == .syntax(message: "duplicate key a", at: at(2, 1)))
    }

    @Test func aMappingWithSeveralDuplicatesNamesThemAllAtTheFirstKeysDuplicate() {
        #expect(error("a: {Q: 1, P: 2, Q: 3, P: 4}\n") == .syntax(message: "duplicate key P, Q", at: at(1, 23)))
    }

    @Test func theDuplicateReportedIsTheFirstMappingToEnd() {
        // The inner mapping ends first; a later mapping with the same duplicate does not move the position.
        let text = "A:\n  P: 1\n  Q: {X: 1, X: 2}\n  P: 2\nB:\n  P: 1\n  P: 2\n"
        #expect(error(text) == .syntax(message: "duplicate key X", at: at(3, 13)))
        #expect(error("A:\n  P: 1\n  P: 2\nB:\n  P: 1\n  P: 2\n") == .syntax(message: "duplicate key P", at: at(3, 3)))
    }

    @Test func aYAMLErrorLaterInTheTextWinsOverAnUnknownTag() {
        guard case .syntax(_, let location)? = error("a: !Reff x\nb: [\n") else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(location.line == 3)
        #expect(error("a: !Reff x\nb: 1\n") == .unknownTag("!Reff", at: at(1, 4)))
    }

    @Test func aSecondDocumentIsRefused() {
        #expect(
            error("a: 1\n---\nb: 2\n")
                == .syntax(
                    message: "but found another document (expected a single document in the stream at line 1)",
                    at: at(2, 1)))
    }

    @Test func aByteOrderMarkAtTheStartOfAScalarIsDropped() throws {
        #expect(try read("a: \u{FEFF}x\n")["a"]?.value.scalar == .string("x"))
    }

    @Test func nestingDeeperThanTheLimitIsRefusedAtTheFirstNodeTooDeep() {
        let text = "a: " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "\n"
        #expect(error(text) == .syntax(message: "the template nests deeper than 512 levels", at: at(1, 516)))
    }

    @Test func anAliasBombIsRefusedInsideTheExpansion() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...3 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "b: [" + Array(repeating: "*a3", count: 10).joined(separator: ", ") + "]\n"
        guard case .syntax(let message, let location)? = error(text) else {
            Issue.record("expected the alias bomb to be refused")
            return
        }
        #expect(message.contains("alias bomb"))
        // The node the budget runs out at, as the reader that expanded aliases one node at a time found it.
        #expect(location == at(1, 31))
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
