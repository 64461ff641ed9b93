import Foundation
import TestSupport
import Testing

@testable import Templates

/// Seeded fuzzing of the template loader and the parameters-file reader over mutated fixtures: every
/// outcome is a loaded template or a `TemplateError` whose description names the file and a line in it —
/// never a crash, a hang or a foreign error.
@Suite struct TemplateFuzzTests {
    /// Inputs per run: 5,000 in `make test`; `PLINV_FUZZ_EXECUTIONS` for soak runs.
    static let executions = ProcessInfo.processInfo.environment["PLINV_FUZZ_EXECUTIONS"].flatMap { Int($0) } ?? 5_000
    static let templates = [
        "article-endpoint-service.yaml", "article-endpoint-service.json", "article-ec2-endpoint.yaml",
        "intrinsics.yaml", "intrinsics.json", "parameters.yaml", "language-extensions.yaml",
    ]
    static let parameterFiles = ["parameters-cli.json", "parameters-map.json", "parameters-invalid-value.json"]

    /// The name of an error's case, for the printed counts.
    static func caseName(_ error: TemplateError) -> String {
        Mirror(reflecting: error).children.first?.label ?? "\(error)"
    }

    /// Checks that `error` names `file` and a line within `text` (one past the end allowed: the end of input).
    static func checkDescribed(_ error: TemplateError, file: String, text: String) {
        let description = error.description
        #expect(description.contains(file), "no file in: \(description)")
        guard let location = error.location else {
            Issue.record("no location in: \(description)")
            return
        }
        // An upper bound: YAML also breaks lines at CR, NEL, LS and PS (a CR LF counts twice here); libyaml puts
        // an error at the end of input on the line after the last one.
        let lineCount =
            1 + text.unicodeScalars.filter { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }.count
        #expect(location.file == file)
        #expect((1...(lineCount + 1)).contains(location.line), "line \(location.line) of \(lineCount): \(description)")
        #expect(description.contains("\(file):\(location.line):"), "\(description)")
    }

    @Test(.timeLimit(.minutes(5)))
    func mutatedTemplatesLoadOrFailWithFileAndLine() throws {
        let sources = try Self.templates.map { ($0, try String(contentsOf: Fixture.url($0), encoding: .utf8)) }
        var rng = SeededGenerator(seed: 0x7465_6D70)
        var outcomes: [String: Int] = [:]
        var mutations: [TextMutation: Int] = [:]
        for execution in 0..<Self.executions {
            let (name, original) = sources[execution % sources.count]
            var text = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let mutation = TextMutation.allCases.randomElement(using: &rng)!
                mutations[mutation, default: 0] += 1
                text = mutation.apply(to: text, using: &rng)
            }
            do {
                _ = try TemplateLoader().load(text: text, file: name, context: Fixture.context)
                outcomes["loaded", default: 0] += 1
            } catch let error as TemplateError {
                outcomes[Self.caseName(error), default: 0] += 1
                Self.checkDescribed(error, file: name, text: text)
            } catch {
                Issue.record("a foreign error from \(name): \(type(of: error)) \(error)\n--- input ---\n\(text)")
            }
        }
        let byOutcome = outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let byMutation = TextMutation.allCases.map { "\($0.rawValue)=\(mutations[$0, default: 0])" }
            .joined(separator: " ")
        print("template fuzz: executions=\(Self.executions) \(byOutcome); mutations: \(byMutation)")
        #expect(outcomes.values.reduce(0, +) == Self.executions)
        #expect(outcomes["loaded", default: 0] > 0 && outcomes["syntax", default: 0] > 0)
    }

    @Test(.timeLimit(.minutes(5)))
    func mutatedParametersFilesReadOrFailWithFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sources = try Self.parameterFiles.map { try String(contentsOf: Fixture.url($0), encoding: .utf8) }
        let file = directory.appendingPathComponent("parameters.json")
        var rng = SeededGenerator(seed: 0x7061_7261)
        var outcomes: [String: Int] = [:]
        let executions = max(Self.executions / 5, 1)
        for execution in 0..<executions {
            var text = sources[execution % sources.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                text = TextMutation.allCases.randomElement(using: &rng)!.apply(to: text, using: &rng)
            }
            try text.write(to: file, atomically: false, encoding: .utf8)
            do {
                _ = try ParametersFile.read(file)
                outcomes["read", default: 0] += 1
            } catch let error as TemplateError {
                outcomes[Self.caseName(error), default: 0] += 1
                Self.checkDescribed(error, file: file.path, text: text)
            } catch {
                Issue.record("a foreign error: \(type(of: error)) \(error)\n--- input ---\n\(text)")
            }
        }
        let byOutcome = outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        print("parameters-file fuzz: executions=\(executions) \(byOutcome)")
        // Broken JSON in a parameters file is an invalid parameters file ("not valid JSON: …"), never a template error.
        #expect(outcomes["read", default: 0] > 0 && outcomes["invalidParametersFile", default: 0] > 0)
        #expect(outcomes["syntax", default: 0] == 0)
    }

    @Test func aParametersFileThatIsNotUTF8IsUnreadableNamingTheFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-\(UUID().uuidString).json")
        try Data([0x7B, 0x22, 0xC0, 0x80, 0x22, 0x7D]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            try ParametersFile.read(file)
        } throws: { error in
            guard case .unreadable(let named, _) = error as? TemplateError else { return false }
            return named == file.path
        }
    }

    /// Found by this suite: YAML aliases expanded into full copies, so a few hundred bytes of anchors (nine levels,
    /// 10⁹ scalars) ran for hours. The reader now refuses a template that expands far beyond its size. Four levels
    /// (10⁴ scalars from ~400 bytes) show it cheaply.
    @Test(.timeLimit(.minutes(1)))
    func anAliasBombIsRefusedBeforeItExpands() throws {
        var text = "Anchors:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...4 {
            text +=
                "  a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "Resources:\n  Bomb:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      SubnetIds: *a4\n"
        let refused: Bool
        do {
            _ = try TemplateLoader().load(text: text, file: "bomb.yaml", context: Fixture.context)
            refused = false
        } catch {
            refused = (error as? TemplateError)?.description.contains("alias") == true
        }
        #expect(refused, "400 bytes of aliases must not load as 10,000 scalars")
    }

    /// Found by this suite: the JSON reader overflowed the stack on 10,000 nested `[` (a 20 kB template or
    /// parameters file). It now refuses nesting past 512 levels. Runs in a child process (an exit test).
    @Test func deepNestingInJSONIsAnErrorNotACrash() async {
        await #expect(processExitsWith: .success) {
            let text =
                "{\"Resources\": " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
            do {
                _ = try TemplateLoader().load(text: text, file: "deep.json")
            } catch let error as TemplateError {
                guard error.location != nil else { exit(2) }
            } catch {
                exit(3)
            }
        }
    }

    /// Nesting far deeper than any template, in YAML: a value or a `TemplateError` (in a child process).
    @Test func deepNestingInYAMLIsAValueOrAnError() async {
        await #expect(processExitsWith: .success) {
            let text =
                "Resources: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
            do {
                _ = try TemplateLoader().load(text: text, file: "deep.yaml")
            } catch let error as TemplateError {
                guard error.location != nil else { exit(2) }
            } catch {
                exit(3)
            }
        }
    }
}
