import Foundation
import Testing
@testable import Templates

/// Every way a template can be wrong, each with the file, line and column of the culprit.
@Suite struct TemplateErrorTests {
    static func at(_ line: Int, _ column: Int) -> TemplateLocation {
        TemplateLocation(file: "inline.yaml", line: line, column: column)
    }

    /// A template whose resource `A` has property `P: <expression>` on line 5, column 10.
    static func property(_ expression: String, _ extra: String = "") -> String {
        """
        Resources:
          A:
            Type: AWS::Test::Thing
            Properties:
              P: \(expression)
        \(extra)
        """
    }

    static let mapping = "Mappings:\n  M:\n    k1:\n      k2: v\n"
    static let conditions = "Conditions:\n  C: !Equals [a, a]\n"

    static let cases: [(String, String, TemplateError)] = [
        ("unknown tag", property("!Reff X"), .unknownTag("!Reff", at: at(5, 10))),
        ("unknown function", property("{\"Fn::Foo\": x}"), .unknownFunction("Fn::Foo", at: at(5, 10))),
        ("Ref to nothing", property("!Ref Nope"), .unresolvedReference("Nope", at: at(5, 10))),
        (
            "Ref to an unknown pseudo parameter", property("!Ref AWS::Nope"),
            .unresolvedReference("AWS::Nope", at: at(5, 10))
        ),
        (
            "Ref of a list", property("!Ref [a]"),
            .invalidArguments(function: "Ref", expected: "the name of a parameter or resource", at: at(5, 10))
        ),
        ("GetAtt to nothing", property("!GetAtt Nope.Arn"), .unresolvedReference("Fn::GetAtt Nope", at: at(5, 10))),
        (
            "GetAtt without attribute", property("!GetAtt A"),
            .invalidArguments(
                function: "Fn::GetAtt", expected: "[LogicalId, Attribute] or LogicalId.Attribute", at: at(5, 10))
        ),
        ("Sub of nothing", property("!Sub x-${Nope}"), .unresolvedReference("${Nope}", at: at(5, 10))),
        (
            "Sub of a list parameter",
            property("!Sub x-${L}", "Parameters:\n  L:\n    Type: CommaDelimitedList\n    Default: a,b\n"),
            .invalidArguments(function: "Fn::Sub", expected: "a string variable, but ${L} is a list", at: at(5, 10))
        ),
        (
            "Sub with three arguments", property("!Sub [a, b, c]"),
            .invalidArguments(function: "Fn::Sub", expected: "a string, or [String, {Name: Value}]", at: at(5, 10))
        ),
        (
            "Select from a non-list", property("!Select [0, notalist]"),
            .invalidArguments(function: "Fn::Select", expected: "a list to select from", at: at(5, 22))
        ),
        (
            "Select out of range", property("!Select [5, [a, b]]"),
            .invalidArguments(
                function: "Fn::Select", expected: "an index within the list's 2 elements, not 5", at: at(5, 19))
        ),
        (
            "Select with a word index", property("!Select [first, [a, b]]"),
            .invalidArguments(function: "Fn::Select", expected: "an integer index", at: at(5, 19))
        ),
        (
            "Join of a scalar", property("!Join x"),
            .invalidArguments(function: "Fn::Join", expected: "[Delimiter, [Values]]", at: at(5, 10))
        ),
        (
            "Join of a string", property("!Join [',', abc]"),
            .invalidArguments(function: "Fn::Join", expected: "[Delimiter, [Values]]", at: at(5, 22))
        ),
        (
            "Split of a list", property("!Split [',', [a]]"),
            .invalidArguments(function: "Fn::Split", expected: "a string to split", at: at(5, 23))
        ),
        (
            "FindInMap of no mapping", property("!FindInMap [N, k1, k2]", mapping),
            .unresolvedReference("Fn::FindInMap: mapping N", at: at(5, 10))
        ),
        (
            "FindInMap of a missing key", property("!FindInMap [M, k1, k3]", mapping),
            .unresolvedReference("Fn::FindInMap: M.k1.k3", at: at(5, 10))
        ),
        (
            "Cidr with too many bits", property("!Cidr ['10.0.0.0/24', 3, 9]"),
            .invalidArguments(
                function: "Fn::Cidr", expected: "CidrBits between 0 and 8 for a /24 block, not 9", at: at(5, 10))
        ),
        (
            "Cidr of a bad block", property("!Cidr ['10.0.0.300/16', 1, 8]"),
            .invalidArguments(function: "Fn::Cidr", expected: "a valid IPv4 block, not 10.0.0.300/16", at: at(5, 10))
        ),
        (
            "Cidr with too many subnets", property("!Cidr ['10.0.0.0/24', 3, 7]"),
            .invalidArguments(function: "Fn::Cidr", expected: "a Count between 1 and 2, not 3", at: at(5, 10))
        ),
        ("If on no condition", property("!If [Nope, a, b]"), .unresolvedReference("Condition Nope", at: at(5, 15))),
        (
            "If with two arguments", property("!If [C, a]", conditions),
            .invalidArguments(function: "Fn::If", expected: "[ConditionName, ValueIfTrue, ValueIfFalse]", at: at(5, 10))
        ),
        (
            "GetAZs of a list", property("!GetAZs [a]"),
            .invalidArguments(function: "Fn::GetAZs", expected: "a region name or ''", at: at(5, 10))
        ),
        (
            "Base64 of a list", property("!Base64 [a]"),
            .invalidArguments(function: "Fn::Base64", expected: "a string", at: at(5, 10))
        ),
        (
            "ImportValue of a list", property("!ImportValue [a]"),
            .invalidArguments(function: "Fn::ImportValue", expected: "an export name", at: at(5, 10))
        ),
        (
            "ImportValue of NoValue", property("{\"Fn::ImportValue\": {Ref: AWS::NoValue}}"),
            .invalidArguments(function: "Fn::ImportValue", expected: "a value, not AWS::NoValue", at: at(5, 30))
        ),
        (
            "Equals of one value", property("!Equals [a]"),
            .invalidArguments(function: "Fn::Equals", expected: "a list of two values", at: at(5, 10))
        ),
        (
            "Not of two", property("!Not [!Condition C, !Condition C]", conditions),
            .invalidArguments(function: "Fn::Not", expected: "a list of one condition", at: at(5, 10))
        ),
        (
            "And of one", property("!And [!Condition C]", conditions),
            .invalidArguments(function: "Fn::And", expected: "a list of 2 to 10 conditions", at: at(5, 10))
        ),
        (
            "Or of a plain string", property("!Or [!Condition C, plain]", conditions),
            .invalidArguments(
                function: "a condition", expected: "Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition", at: at(5, 29))
        ),
        (
            "DependsOn nothing", "Resources:\n  A:\n    Type: T\n    DependsOn: [B]\n",
            .unresolvedReference("DependsOn B", at: at(4, 17))
        ),
        (
            "no Resources", "Description: x\n",
            .invalidTemplate(message: "a template needs a non-empty Resources section", at: at(1, 1))
        ),
        (
            "resource without Type", "Resources:\n  A:\n    Properties: {}\n",
            .invalidTemplate(message: "resource A has no Type", at: at(2, 3))
        ),
        (
            "duplicate key", "Resources:\n  A:\n    Type: T\n  A:\n    Type: T\n",
            .syntax(message: "duplicate key A", at: at(4, 3))
        ),
        (
            "reference to a resource whose condition is false",
            "Conditions:\n  No: !Equals [a, b]\nResources:\n  A:\n    Type: T\n    Condition: No\n  B:\n    Type: T\n    Properties:\n      P: !Ref A\n",
            .invalidTemplate(message: "A is referenced but not created: its condition No is false", at: at(10, 10))
        ),
        (
            "a condition over a resource", property("!If [R, a, b]", "Conditions:\n  R: !Equals [!Ref A, x]\n"),
            .invalidTemplate(
                message:
                    "condition R refers to resource A; conditions may use only parameters, mappings and pseudo parameters",
                at: at(7, 15))
        ),
        (
            "a parameter and a resource with one name", property("x", "Parameters:\n  A:\n    Type: String\n"),
            .invalidTemplate(message: "A is declared both as a parameter and as a resource", at: at(2, 3))
        ),
    ]

    @Test(arguments: cases)
    func reportsTheCulpritWithItsPosition(name: String, template: String, expected: TemplateError) {
        let error = Fixture.error { try Fixture.loadText(template) }
        #expect(error == expected, "\(name)")
    }

    @Test func circularConditionsNameTheCycle() {
        let template = "Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\n" + Self.property("x")
        #expect(
            Fixture.error { try Fixture.loadText(template) }
                == .circularReference(cycle: ["A", "B", "A"], at: Self.at(3, 12)))
    }

    @Test func circularResourcesNameTheCycle() {
        let template = """
            Resources:
              A:
                Type: T
                Properties:
                  P: !Ref B
              B:
                Type: T
                Properties:
                  P: !Sub "${A.Arn}/x"
            """
        #expect(
            Fixture.error { try Fixture.loadText(template) }
                == .circularReference(cycle: ["A", "B", "A"], at: Self.at(9, 10)))
    }

    @Test func circularDependsOnAndSelfReferenceAreCycles() {
        let dependsOn = "Resources:\n  A:\n    Type: T\n    DependsOn: B\n  B:\n    Type: T\n    DependsOn: [A]\n"
        #expect(
            Fixture.error { try Fixture.loadText(dependsOn) }
                == .circularReference(cycle: ["A", "B", "A"], at: Self.at(7, 17)))
        #expect(
            Fixture.error { try Fixture.loadText(Self.property("!GetAtt A.Arn")) }
                == .circularReference(cycle: ["A", "A"], at: Self.at(5, 10)))
    }

    @Test func malformedYAMLGivesFileLineAndColumn() throws {
        let error = try #require(Fixture.error { try Fixture.load("malformed.yaml") })
        guard case .syntax(_, let location) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(location == TemplateLocation(file: Fixture.url("malformed.yaml").path, line: 7, column: 24))
        #expect(error.description.hasPrefix(Fixture.url("malformed.yaml").path + ":7:24: malformed template"))
    }

    @Test func truncatedJSONGivesFileLineAndColumn() throws {
        let error = try #require(Fixture.error { try Fixture.load("truncated.json") })
        #expect(
            error
                == .syntax(
                    message: "unexpected end of input inside a string",
                    at: TemplateLocation(file: Fixture.url("truncated.json").path, line: 6, column: 34)))
    }

    @Test func anUnreadableFileSaysWhich() {
        let error = Fixture.error { try Fixture.load("does-not-exist.yaml") }
        guard case .unreadable(let file, _)? = error else {
            Issue.record("expected unreadable, got \(String(describing: error))")
            return
        }
        #expect(file.hasSuffix("Fixtures/does-not-exist.yaml"))
    }
}

/// Files that are not UTF-8 text, or not files, are one error naming the file (and where the first bad byte is),
/// never Foundation's "The file isn't in the correct format." or a Cocoa error number.
@Suite struct TemplateTextTests {
    static func error(_ body: () throws -> Void) -> TemplateError? {
        do {
            try body()
            return nil
        } catch {
            return error as? TemplateError
        }
    }

    @Test func aByteThatIsNotUTF8IsNamedWithItsLineAndColumn() throws {
        let bytes = Array("Resources:\n  Bad: caf".utf8) + [0xE9] + Array(" au lait\n".utf8)
        let error = try #require(Self.error { _ = try TemplateText.decode(Data(bytes), file: "t.yaml") })
        #expect(
            error.description
                == "cannot read t.yaml: it is not UTF-8 text: byte 0xE9 at line 2, column 11; CloudFormation reads "
                + "templates as UTF-8")
    }

    @Test func utf16IsRefusedWithTheEncodingNamed() throws {
        var data = Data([0xFF, 0xFE])
        data.append("Resources: {}\n".data(using: .utf16LittleEndian)!)
        let error = try #require(Self.error { _ = try TemplateText.decode(data, file: "t.yaml") })
        #expect(
            error.description
                == "cannot read t.yaml: it is UTF-16 or UTF-32 text; CloudFormation reads UTF-8, so save it as UTF-8")
        // Without a byte-order mark, the NUL bytes beside each letter give it away.
        let unmarked = "Resources: {}\n".data(using: .utf16LittleEndian)!
        #expect(Self.error { _ = try TemplateText.decode(unmarked, file: "t.yaml") }?.description == error.description)
    }

    @Test func aByteOrderMarkIsDroppedAndTheTextKept() throws {
        let text = try TemplateText.decode(Data([0xEF, 0xBB, 0xBF] + Array("Resources: {}\n".utf8)), file: "t.yaml")
        #expect(text == "Resources: {}\n")
    }

    @Test func aDirectoryIsRefusedAsSuch() throws {
        let directory = FileManager.default.temporaryDirectory
        let error = try #require(Self.error { _ = try TemplateLoader().load(file: directory) })
        #expect(error.description.hasSuffix("it is a directory; name a template file"))
    }
}
