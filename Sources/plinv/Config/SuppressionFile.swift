import Drift
import Foundation
import Yams

/// The accepted risks of a report (`suppressions:` in the configuration, or `--suppressions FILE`):
///
/// ```yaml
/// suppressions:
///   - rule: PL008                      # or problem: P-…; at least one of rule, problem, resource
///     resource: "vpce-0a1b*"           # glob on the resource id
///     account: "111111111111"          # optional, like region and principal (a glob)
///     reason: The lab VPC's endpoint keeps the default policy until the migration
///     owner: platform-team
///     expires: 2027-03-31              # the last day it holds (UTC)
/// ```
///
/// A bare list of entries is accepted too. Every mistake is a `ConfigError` naming the file, key and line.
enum SuppressionFile {
    /// Reads and validates a suppression file.
    static func load(path: String) throws -> [Suppression] {
        try parse(String(decoding: try RunConfig.read(path, what: "suppression file"), as: UTF8.self), file: path)
    }

    /// Parses suppression text; `file` names it in errors and in each suppression's source.
    static func parse(_ text: String, file: String) throws -> [Suppression] {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return [] }
            root = node
        } catch let error as YamlError {
            throw ConfigError(
                file: file, line: RunConfig.line(of: error), reason: "not valid YAML: \(RunConfig.summary(of: error))")
        }
        let reader = NodeReader(file: file)
        var list = root
        if case .mapping = root {
            let members = try reader.mapping(root, key: nil)
            for (key, _) in members where key.string != "suppressions" {
                throw reader.unknown(key.string ?? "", at: key)
            }
            guard let entries = members.first(where: { $0.0.string == "suppressions" }) else { return [] }
            list = entries.1
        }
        return try reader.sequence(list, key: "suppressions").map { try entry($0, reader: reader) }
    }

    /// One entry, every key checked.
    private static func entry(_ node: Node, reader: NodeReader) throws -> Suppression {
        var values: [String: String] = [:]
        var ruleNode = node
        for (keyNode, value) in try reader.mapping(node, key: "suppressions[]") {
            let name = keyNode.string ?? ""
            let key = "suppressions[].\(name)"
            guard
                ["rule", "problem", "resource", "account", "region", "principal", "reason", "owner", "expires"]
                    .contains(name)
            else { throw reader.unknown(key, at: keyNode) }
            let text = try reader.string(value, key: key).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { throw reader.error(key, at: value, "must not be empty") }
            values[name] = text
            if name == "rule" { ruleNode = value }
        }
        let line = (node.mark?.line).map { $0 } ?? 1
        if values["rule"] == nil && values["problem"] == nil && values["resource"] == nil {
            throw reader.error("suppressions[]", at: node, "name at least one of rule, problem, resource")
        }
        for required in ["reason", "owner"] where values[required] == nil {
            throw reader.error("suppressions[].\(required)", at: node, "every suppression needs a \(required)")
        }
        if let expires = values["expires"], !isDay(expires) {
            throw reader.error("suppressions[].expires", at: node, "expected a date as YYYY-MM-DD, got '\(expires)'")
        }
        // A rule id that names no rule (a typo, `PL08` for `PL008`) would cover nothing, silently, for ever.
        if let rule = values["rule"], RuleCatalogue.entry(for: rule) == nil {
            throw reader.error(
                "suppressions[].rule", at: ruleNode, "no rule is called '\(rule)' (`plinv rules` lists them)")
        }
        if let account = values["account"], account.count != 12 || !account.allSatisfy(\.isNumber) {
            throw reader.error("suppressions[].account", at: node, "expected a 12-digit account id")
        }
        return Suppression(
            rule: values["rule"], problem: values["problem"], resource: values["resource"], account: values["account"],
            region: values["region"], principal: values["principal"], reason: values["reason"] ?? "",
            owner: values["owner"] ?? "", expires: values["expires"],
            source: SourceLocation(file: reader.file, line: line))
    }

    /// Whether `text` is a real calendar day as `YYYY-MM-DD`.
    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        var components = DateComponents(year: year, month: month, day: day)
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        return components.isValidDate
    }

    /// Today as `YYYY-MM-DD` in UTC, for expiry checks.
    static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
