import Foundation
import Testing
@testable import Templates

/// Loads every template under `PLINV_TEMPLATE_CORPUS` (e.g. a checkout of cfn-lint's `test/fixtures/templates/good`)
/// and prints the ones that fail: a way to run the loader over real templates, off unless the variable is set.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PLINV_TEMPLATE_CORPUS"] != nil))
struct TemplateCorpusTests {
    @Test func everyTemplateInTheCorpusLoads() throws {
        let root = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PLINV_TEMPLATE_CORPUS"] ?? "/nonexistent")
        let files =
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter { ["yaml", "yml", "json", "template"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path } ?? []
        var failures: [String] = []
        var gaps = 0
        var needParameters = 0
        for file in files {
            // Parameters without a Default get a value in turn ("1", then "a"), as a user would supply them.
            var supplied: [String: String] = [:]
            var outcome: String?
            for _ in 0..<40 {
                do {
                    let loaded = try TemplateLoader().load(
                        file: file, parameters: supplied,
                        context: TemplateContext(account: "123456789012", region: "us-east-1"))
                    gaps += loaded.notEvaluated.count
                    outcome = nil
                    break
                } catch TemplateError.missingParameter(let name, _) {
                    supplied[name] = "1"
                    outcome = "needs parameters"
                } catch TemplateError.invalidParameterValue(let name, _, let reason, _) where supplied[name] != nil {
                    supplied[name] = Self.plausibleValue(after: supplied[name] ?? "", reason: reason)
                    outcome = "needs parameters"
                } catch {
                    outcome = "\(error)"
                    break
                }
            }
            switch outcome {
            case nil: break
            case "needs parameters"?: needParameters += 1
            case let failure?: failures.append(failure)
            }
        }
        print("template corpus: \(needParameters) need parameter values plinv cannot guess")
        print("template corpus: \(files.count) files, \(failures.count) failed, \(gaps) parts not evaluated")
        for failure in failures { print("  \(failure)") }
    }

    /// The next value to try for a parameter after `reason` refused `value`.
    static func plausibleValue(after value: String, reason: String) -> String {
        if let range = reason.range(of: "AllowedValues ") {
            return String(reason[range.upperBound...].split(separator: ",").first ?? "a").trimmingCharacters(
                in: .whitespaces)
        }
        if reason.contains("MinLength") { return value + String(repeating: "a", count: 64) }
        if reason.contains("AllowedPattern") { return value == "1" ? "10.0.0.0/16" : "sg-12345678" }
        return value == "1" ? "a" : "1"
    }
}
