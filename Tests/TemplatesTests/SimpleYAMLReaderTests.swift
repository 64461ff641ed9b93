import Foundation
import PrivateLinkModel
import TestSupport
import Testing
@testable import Templates

/// The plain-YAML reader gives exactly libyaml's tree (values, keys, positions), or steps aside.
@Suite struct SimpleYAMLReaderTests {
    /// The simple reader's tree, or nil when it steps aside.
    static func simple(_ text: String) -> TemplateNode? {
        var text = text
        return text.withUTF8 { SimpleYAMLReader.read($0, file: "t.yaml")?.tree }
    }

    /// The first difference between two trees, as a path; nil when they are the same.
    static func difference(_ lhs: TemplateNode, _ rhs: TemplateNode, path: String = "$") -> String? {
        if lhs.location != rhs.location { return "\(path): at \(lhs.location) vs \(rhs.location)" }
        switch (lhs.content, rhs.content) {
        case (.scalar(let left), .scalar(let right)):
            return left == right ? nil : "\(path): \(left) vs \(right)"
        case (.sequence(let left), .sequence(let right)):
            guard left.count == right.count else { return "\(path): \(left.count) vs \(right.count) elements" }
            for (index, pair) in zip(left, right).enumerated() {
                if let found = difference(pair.0, pair.1, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case (.mapping(let left), .mapping(let right)):
            guard left.count == right.count else { return "\(path): \(left.count) vs \(right.count) entries" }
            for (lhsEntry, rhsEntry) in zip(left, right) {
                guard lhsEntry.key == rhsEntry.key, lhsEntry.keyLocation == rhsEntry.keyLocation else {
                    return
                        "\(path): key \(lhsEntry.key) at \(lhsEntry.keyLocation) vs \(rhsEntry.key) at \(rhsEntry.keyLocation)"
                }
                if let found = difference(lhsEntry.value, rhsEntry.value, path: "\(path).\(lhsEntry.key)") {
                    return found
                }
            }
            return nil
        default:
            return "\(path): a \(lhs.content) vs a \(rhs.content)"
        }
    }

    /// Nil when the simple reader steps aside or agrees with libyaml; else what differs.
    static func disagreement(_ text: String) -> String? {
        guard let tree = simple(text) else { return nil }
        do {
            let expected = try YAMLReader(file: "t.yaml").readWithLibYAML(text)
            return difference(tree, expected)
        } catch {
            return "the simple reader read what libyaml refuses: \(error)"
        }
    }

    static let read: [String] = [
        "a: 1\n", "a: 1", "\n\n# c\na: 1 # c\n\n", "A:\n  B: x\n  C:\n    - 1\n    - -2\n    - 2.5e3\nD: true\n",
        "A:\n  - K: v\n    L: [a, 'b', \"c\\\"d\\\\e\\n\"]\n  - K: w\n", "a: {B: 1, C: [x, y], D: {}}\nb: []\n",
        "a: !Ref X\nb: !GetAtt A.B\nc: !If [C, !Ref Y, !Ref AWS::NoValue]\nd: !Sub 'x-${AWS::Region}'\ne: !Join ['', [a, b]]\n",
        "a: !Select [0, !GetAZs '']\nb: !Sub [x, {y: !Ref z}]\n",
        "Fn::If: x\nb: arn:aws:iam::123:root\nc: a#b\nd: a b  c   # d\n",
        "a:\nb:\n  c:\n", "a: 'it''s'\nb: \"\"\nc: ''\nd: 012345678901\ne: 2012-10-17\nf: ~\ng: null\n",
        "L:\n  - [1, 2]\n  - {a: b}\n  - !Ref x\n  - 'q'\nM: x\n",
    ]

    @Test(arguments: read)
    func readsTheCommonSubsetAsLibYAMLDoes(_ text: String) throws {
        let tree = try #require(Self.simple(text), "stepped aside from \(text.debugDescription)")
        #expect(Self.difference(tree, try YAMLReader(file: "t.yaml").readWithLibYAML(text)) == nil)
    }

    static let steppedAside: [String] = [
        "", "# only a comment\n", "- a\n", "a:\tb\n", "a: b\r\n", "a: é\n", "a: &x 1\nb: *x\n", "a: |\n  x\n",
        "a: >\n  x\n",
        "a: b\n  c\n", "a: 1\na: 2\n", "a: !Reff x\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n",
        "a:\n- x\n",
        "? a\n: b\n", "'a': b\n", "a b: c\n", "a: [1,\n  2]\n", "a: [1, 2,]\n", "a: {b}\n", "a: b: c\n", "a: 'x\n",
        "a: \"\\x41\"\n",
        "a: [a: b]\n", "a: -\n", "a: - x\n", "a:\n  - \n", "a: !Ref\n", "a: !Sub\n  - x\n", "a: !!str x\n", "a: @x\n",
        "  a: 1\nb: 2\n",
        "a:\n    b: 1\n  c: 2\n", "a: x\n  # c\n  y\n", "a: 'x'#c\n", "a: [x]y\n", "a: [x :y]\n", "a: [x:, y]\n",
    ]

    @Test(arguments: steppedAside)
    func stepsAsideFromWhatItDoesNotRead(_ text: String) {
        #expect(Self.simple(text) == nil, "read \(text.debugDescription)")
    }

    /// Without an `Fn::ForEach::` key the loader skips the loop expansion (and its copy of the tree).
    @Test func notesWhetherAKeyStartsAForEachLoop() throws {
        func sawLoopKey(_ text: String) -> Bool? {
            var text = text
            return text.withUTF8 { SimpleYAMLReader.read($0, file: "t.yaml")?.sawLoopKey }
        }
        #expect(sawLoopKey("Resources:\n  Fn::ForEach::Subnets:\n    - X\n    - [a, b]\n    - {}\n") == true)
        #expect(sawLoopKey("Resources:\n  A:\n    Properties: {Fn::ForEach::L: [X, [a], {}]}\n") == true)
        // Output keys with `${…}` are libyaml's to read, which never skips the expansion.
        #expect(sawLoopKey("Resources:\n  Fn::ForEach::S:\n    - X\n    - [a]\n    - S${X}:\n        Type: T\n") == nil)
        #expect(sawLoopKey("Resources:\n  ForEach:\n    Type: Fn::ForEach::Not\n") == false)
    }

    /// The byte check reads sixteen bytes at a time: a byte it must refuse is seen at any offset of a block and of
    /// the tail after the last block, and every byte value is judged as a byte-by-byte check judges it.
    @Test func onlyPrintableASCIIAndLineFeedsPassTheByteCheck() {
        let printable = Array(" ~azAZ09#:\n".utf8)
        for offset in [0, 5, 15, 16, 31, 33] {
            for value in UInt8.min...UInt8.max {
                var bytes = (0..<35).map { printable[$0 % printable.count] }
                bytes[offset] = value
                #expect(
                    bytes.withUnsafeBufferPointer(SimpleYAMLReader.isPrintableASCII)
                        == ((0x20..<0x7F).contains(value) || value == 0x0A), "\(value) at \(offset)")
            }
        }
        for length in 1..<40 {
            for offset in 0..<length {
                var bytes = (0..<length).map { printable[$0 % printable.count] }
                #expect(bytes.withUnsafeBufferPointer(SimpleYAMLReader.isPrintableASCII))
                for refused: UInt8 in [0x00, 0x09, 0x0D, 0x1F, 0x7F, 0x80, 0xC3, 0xFF] {
                    bytes[offset] = refused
                    #expect(
                        !bytes.withUnsafeBufferPointer(SimpleYAMLReader.isPrintableASCII),
                        "\(refused) at \(offset) of \(length)")
                }
            }
        }
    }

    /// A template like those written by hand: every section, short forms, flow and block collections, comments.
    static func generated(using rng: inout SeededGenerator) -> String {
        let words = [
            "vpc-1", "sg-0a1b", "Interface", "true", "false", "443", "-1", "0.5", "1e3", "012", "~", "null", "x y",
            "arn:aws:iam::111122223333:root", "a#b", "10.0.0.0/8", "Yes", "${AWS::Region}", "*", "a-b_c.d/e",
        ]
        func scalar() -> String {
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: return "'\(words.randomElement(using: &rng)!)'"
            case 1: return "\"\(words.randomElement(using: &rng)!)\\\"\\n\""
            case 2: return "!Ref \(["Vpc", "AWS::Region", "X"].randomElement(using: &rng)!)"
            case 3: return "!GetAtt A.B"
            case 4: return "!Sub '${AWS::StackName}-x'"
            default: return words.randomElement(using: &rng)!
            }
        }
        func flow(_ depth: Int) -> String {
            switch Int.random(in: 0..<(depth > 2 ? 1 : 4), using: &rng) {
            case 1:
                return "["
                    + (0..<Int.random(in: 0...3, using: &rng)).map { _ in flow(depth + 1) }.joined(separator: ", ")
                    + "]"
            case 2:
                return "{"
                    + (0..<Int.random(in: 0...3, using: &rng)).map { "K\($0): \(flow(depth + 1))" }.joined(
                        separator: ", ") + "}"
            case 3: return "!If [C, \(flow(depth + 1)), \(flow(depth + 1))]"
            default:
                return scalar().hasPrefix("\"") || scalar().hasPrefix("!") ? "'q'" : words.randomElement(using: &rng)!
            }
        }
        func block(_ indent: Int, _ depth: Int, into text: inout String) {
            let pad = String(repeating: " ", count: indent)
            for index in 0..<Int.random(in: 1...4, using: &rng) {
                if Bool.random(using: &rng), index > 0 { text += Bool.random(using: &rng) ? "\n" : "\(pad)# note\n" }
                let key =
                    ["Type", "Properties", "Fn::If", "Name\(index)", "P\(index)", "80"].randomElement(using: &rng)!
                    + "\(index)"
                switch Int.random(in: 0..<(depth > 3 ? 2 : 5), using: &rng) {
                case 0: text += "\(pad)\(key): \(scalar())\(Bool.random(using: &rng) ? "  # c" : "")\n"
                case 1: text += "\(pad)\(key): \(flow(0))\n"
                case 2:
                    text += "\(pad)\(key):\n"
                    block(indent + Int.random(in: 1...4, using: &rng), depth + 1, into: &text)
                case 3:
                    text += "\(pad)\(key):\n"
                    let inner = indent + Int.random(in: 1...3, using: &rng)
                    for _ in 0..<Int.random(in: 1...3, using: &rng) {
                        if Bool.random(using: &rng) {
                            text += String(repeating: " ", count: inner) + "- \(scalar())\n"
                        } else {
                            text += String(repeating: " ", count: inner) + "- K: \(scalar())\n"
                            text += String(repeating: " ", count: inner + 2) + "L: \(flow(0))\n"
                        }
                    }
                default: text += "\(pad)\(key):\n"
                }
            }
        }
        var text = "AWSTemplateFormatVersion: '2010-09-09'\n"
        block(0, 0, into: &text)
        return text
    }

    @Test(.timeLimit(.minutes(5)))
    func generatedAndMutatedTemplatesReadAsLibYAMLReadsThem() throws {
        let fixtures = try [
            "article-endpoint-service.yaml", "article-ec2-endpoint.yaml", "intrinsics.yaml", "parameters.yaml",
            "language-extensions.yaml", "malformed.yaml",
        ]
        .map { try String(contentsOf: Fixture.url($0), encoding: .utf8) }
        var rng = SeededGenerator(seed: 0x5159_4D4C)
        let executions = ProcessInfo.processInfo.environment["PLINV_FUZZ_EXECUTIONS"].flatMap { Int($0) } ?? 2_000
        var readBySimple = 0, differences = 0
        for execution in 0..<executions {
            var text = execution % 3 == 0 ? fixtures[execution % fixtures.count] : Self.generated(using: &rng)
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                text = TextMutation.allCases.randomElement(using: &rng)!.apply(to: text, using: &rng)
            }
            if Self.simple(text) != nil { readBySimple += 1 }
            if let difference = Self.disagreement(text) {
                differences += 1
                if differences <= 10 { Issue.record("\(difference)\n--- input ---\n\(text)") }
            }
        }
        print("simple YAML reader: \(executions) inputs, \(readBySimple) read, \(differences) differences")
        #expect(readBySimple > executions / 5)
    }
}
