import Drift
import PrivateLinkModel

extension ValueText {
    /// An expected or actual value as a reader wants it, not as the API spells it: security group rules as
    /// `tcp 443 from 0.0.0.0/0`, policies summarised (`any principal · any action · any resource`), tags as `k=v`,
    /// lists joined; anything else as `value(_:)` does.
    static func readable(_ value: JSONValue?, attribute: String? = nil) -> String {
        guard let value, value != .null else { return none }
        if let policy = policySummary(value, attribute: attribute) { return policy }
        if let rules = rulesText(value) { return rules }
        if let tags = tagMap(value) {
            return tags.isEmpty
                ? none : tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }
        switch value {
        case .array(let items) where items.allSatisfy({ $0.scalarText != nil }):
            return items.isEmpty ? none : items.compactMap(\.scalarText).joined(separator: ", ")
        case .object(let members) where members.values.allSatisfy({ $0.scalarText != nil }):
            return members.isEmpty
                ? none
                : members.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.scalarText ?? "")" }
                    .joined(separator: ", ")
        default:
            return self.value(value)
        }
    }

    /// Expected and actual side by side: when both are objects (or tag lists), only the keys whose values differ.
    static func readablePair(expected: JSONValue?, actual: JSONValue?, attribute: String?) -> (
        expected: String, actual: String
    ) {
        if policySummary(expected ?? .null, attribute: attribute) == nil,
            policySummary(actual ?? .null, attribute: attribute) == nil,
            rulesText(expected ?? .null) == nil, rulesText(actual ?? .null) == nil,
            let before = members(expected), let after = members(actual), !before.isEmpty || !after.isEmpty
        {
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
            if !changed.isEmpty, changed.count < Set(before.keys).union(after.keys).count {
                func only(_ side: [String: JSONValue]) -> String {
                    let kept = changed.sorted().map { key in "\(key)=\(side[key].map { readable($0) } ?? "(none)")" }
                    return kept.joined(separator: ", ")
                }
                return (only(before), only(after))
            }
        }
        return (readable(expected, attribute: attribute), readable(actual, attribute: attribute))
    }

    /// The value as compact JSON when the readable text leaves something out (shown a click away in HTML); nil when
    /// the readable text is the whole value.
    static func rawJSON(_ value: JSONValue?, readable text: String) -> String? {
        guard let value, value != .null,
            value.scalarText == nil || value.stringValue.flatMap(PolicyDocument.init(text:)) != nil
        else { return nil }
        let json =
            value.stringValue.flatMap(PolicyDocument.init(text:)).map { self.value($0.value) } ?? self.value(value)
        return json == text ? nil : json
    }

    /// `text` shortened to about `limit` characters at a space, ending in `…`: prose is shortened, a word (an ARN, an
    /// account, a `vpce-…` id) is never cut, so a single word longer than the limit stays whole.
    static func shortened(_ text: String, to limit: Int?) -> String {
        guard let limit, text.count > limit else { return text }
        var result = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let next = result.isEmpty ? String(word) : result + " " + word
            if !result.isEmpty, next.count > limit - 1 { return result + " …" }
            result = next
        }
        return result
    }

    /// A policy document's statements in words, or nil when `value` is not a policy.
    ///
    /// Each statement reads `principals · actions · resources`: `*` as `any principal` / `any action` /
    /// `any resource`, others named; `Not…` elements as `any … except …`; a Deny statement starts with `deny:`, and
    /// a statement with a `Condition` ends with `· when <condition keys>`. Statements are joined with `; `.
    static func policySummary(_ value: JSONValue, attribute: String?) -> String? {
        let document: PolicyDocument
        if let text = value.stringValue, let parsed = PolicyDocument(text: text), parsed.value["Statement"] != nil {
            document = parsed
        } else if value["Statement"] != nil {
            document = PolicyDocument(value)
        } else {
            return nil
        }
        let statements = document.normalized["Statement"]?.arrayValue ?? []
        guard !statements.isEmpty else { return attribute == "PolicyDocument" ? "no statements" : nil }
        return statements.map(statementSummary).joined(separator: "; ")
    }

    /// One normalized statement in words.
    private static func statementSummary(_ statement: JSONValue) -> String {
        func strings(_ value: JSONValue?) -> [String] {
            if let map = value?.objectValue { return map.keys.sorted().flatMap { strings(map[$0]) } }
            return (value?.arrayValue ?? []).compactMap(\.scalarText)
        }
        func part(_ key: String, any: String, wildcards: Set<String>) -> String {
            if let excluded = statement["Not" + key] {
                return "\(any) except \(strings(excluded).joined(separator: ", "))"
            }
            let named = strings(statement[key])
            if named.isEmpty { return "no \(any.dropFirst(4))" }
            return named.contains(where: wildcards.contains) ? any : named.joined(separator: ", ")
        }
        var text = [
            part("Principal", any: "any principal", wildcards: ["*"]),
            part("Action", any: "any action", wildcards: ["*", "*:*"]),
            part("Resource", any: "any resource", wildcards: ["*"]),
        ].joined(separator: " · ")
        if statement["Effect"]?.stringValue?.lowercased() == "deny" { text = "deny: " + text }
        if let condition = statement["Condition"]?.objectValue {
            let keys = condition.values.compactMap(\.objectValue).flatMap(\.keys)
            text += " · when " + Set(keys).sorted().joined(separator: ", ")
        }
        return text
    }

    /// Security group rules (the API's `IpPermissions` entries, or a template's one-source entries) as
    /// `tcp 443 from 0.0.0.0/0; …`, or nil when `value` holds none.
    static func rulesText(_ value: JSONValue) -> String? {
        let entries = value.arrayValue ?? [value]
        guard !entries.isEmpty, entries.allSatisfy({ $0["IpProtocol"] != nil }) else { return nil }
        return entries.map { rule(SecurityGroupRule(apiShaped($0))) }.joined(separator: "; ")
    }

    /// A template's one-source rule entry (`CidrIp`, `SourceSecurityGroupId`, …) in the API's shape, so one function
    /// (`rule(_:)`, the inventory's) spells both.
    private static func apiShaped(_ entry: JSONValue) -> JSONValue {
        guard var members = entry.objectValue else { return entry }
        let listed = ["IpRanges", "Ipv6Ranges", "UserIdGroupPairs", "PrefixListIds"]
        if listed.contains(where: { members[$0] != nil }) { return entry }
        func move(_ keys: [String], to list: String, as key: String) {
            let values = keys.compactMap { members.removeValue(forKey: $0) }
            if !values.isEmpty { members[list] = .array(values.map { .object([key: $0]) }) }
        }
        move(["CidrIp", "DestinationCidrIp"], to: "IpRanges", as: "CidrIp")
        move(["CidrIpv6", "DestinationCidrIpv6"], to: "Ipv6Ranges", as: "CidrIpv6")
        move(
            ["SecurityGroupId", "SourceSecurityGroupId", "DestinationSecurityGroupId"], to: "UserIdGroupPairs",
            as: "GroupId")
        move(
            ["PrefixListId", "SourcePrefixListId", "DestinationPrefixListId"], to: "PrefixListIds", as: "PrefixListId")
        return .object(members)
    }

    /// A tag list (`[{"Key","Value"}]`) as a map, or nil when `value` is not one.
    private static func tagMap(_ value: JSONValue) -> [String: String]? {
        guard let items = value.arrayValue, !items.isEmpty else { return nil }
        var map: [String: String] = [:]
        for item in items {
            guard let key = item["Key"]?.stringValue, let tagValue = item["Value"]?.scalarText,
                item.objectValue?.count == 2
            else {
                return nil
            }
            map[key] = tagValue
        }
        return map
    }

    /// An object's members, or a tag list's as members; nil for anything else.
    private static func members(_ value: JSONValue?) -> [String: JSONValue]? {
        guard let value else { return nil }
        if let tags = tagMap(value) { return tags.mapValues(JSONValue.string) }
        return value.objectValue?.dictionary
    }
}
