import Foundation
import PrivateLinkModel

/// An IAM policy document (a VPC endpoint policy) read as a JSON value, never compared as text.
public struct PolicyDocument: Sendable, Hashable {
    /// The document as parsed.
    public var value: JSONValue

    /// Wraps an already-parsed document (a template's `PolicyDocument` object).
    public init(_ value: JSONValue) { self.value = value }

    /// Parses the JSON text AWS returns; nil when the text is not JSON.
    public init?(text: String) {
        guard let value = try? JSONValue.parse(Data(text.utf8)) else { return nil }
        self.value = value
    }

    /// The document with IAM's equivalent spellings made equal, so that two documents that grant the
    /// same thing compare equal: key order and whitespace never matter; `Statement` is always a list;
    /// a single string where IAM allows a list (`Action`, `Resource`, `NotAction`, …, and the values
    /// inside `Principal`) becomes a one-element list; `Principal: "*"` becomes `{"AWS": ["*"]}`; and
    /// every list is sorted, because IAM lists are unordered; a condition value becomes a list of strings
    /// (IAM compares condition values as strings: `true` is `"true"`, `10` is `"10"`); and a missing
    /// `Version` is IAM's default, `2008-10-17`.
    public var normalized: JSONValue {
        guard var members = value.objectValue else { return value }
        if members["Version"] == nil { members["Version"] = .string("2008-10-17") }
        if let statement = members["Statement"] {
            let statements = statement.arrayValue ?? [statement]
            members["Statement"] = .array(Self.sortedList(statements.map(Self.normalizeStatement)))
        }
        return .object(members)
    }

    /// Whether the two documents grant the same thing (equal after `normalized`).
    public func isEquivalent(to other: PolicyDocument) -> Bool { normalized == other.normalized }

    /// Whether the document lets any principal do any action on any resource (PL008).
    ///
    /// Some statement is `Allow`, has no `Condition`, and its `Principal` includes `*` (`"*"`,
    /// `{"AWS": "*"}`, or `*` among other principals), its `Action` includes `*` or `*:*` (among others or
    /// not) and its `Resource` includes `*`. A statement written with `NotPrincipal`, `NotAction` or
    /// `NotResource` never counts: it excludes something, so it is narrower than full access even when the
    /// exclusion is small, and PL008 only flags what is certainly full access. `Deny` statements do not switch
    /// the rule off — the policy still admits everyone to everything else — and `deniedActions` names them.
    public var allowsEverything: Bool {
        guard let statements = normalized["Statement"]?.arrayValue else { return false }
        func includes(_ value: JSONValue?, _ wildcards: Set<String>) -> Bool {
            (value?.arrayValue ?? []).contains { $0.stringValue.map(wildcards.contains) ?? false }
        }
        return statements.contains { statement in
            statement["Effect"]?.stringValue?.lowercased() == "allow"
                && statement["Condition"] == nil
                && statement["NotPrincipal"] == nil && statement["NotAction"] == nil && statement["NotResource"] == nil
                && includes(statement["Principal"]?["AWS"], ["*"])
                && includes(statement["Action"], ["*", "*:*"])
                && includes(statement["Resource"], ["*"])
        }
    }

    /// The actions `Deny` statements name, sorted (`NotAction` ones as `all but …`); empty when nothing is denied.
    public var deniedActions: [String] {
        let statements = normalized["Statement"]?.arrayValue ?? []
        var actions: Set<String> = []
        for statement in statements where statement["Effect"]?.stringValue?.lowercased() == "deny" {
            for action in statement["Action"]?.arrayValue ?? [] { actions.insert(action.scalarText ?? "") }
            if let excluded = statement["NotAction"]?.arrayValue {
                actions.insert("all but " + excluded.compactMap(\.scalarText).joined(separator: ", "))
            }
        }
        return actions.sorted()
    }

    /// The members of one statement in normalized form.
    private static func normalizeStatement(_ statement: JSONValue) -> JSONValue {
        guard var members = statement.objectValue else { return statement }
        for key in ["Action", "NotAction", "Resource", "NotResource"] {
            if let value = members[key] { members[key] = listed(value) }
        }
        for key in ["Principal", "NotPrincipal"] {
            guard let value = members[key] else { continue }
            if value.stringValue == "*" {
                members[key] = .object(["AWS": .array([.string("*")])])
            } else if let map = value.objectValue {
                members[key] = .object(map.mapValues(listed))
            }
        }
        if let conditions = members["Condition"]?.objectValue {
            members["Condition"] = .object(
                conditions.mapValues { test in
                    guard let keys = test.objectValue else { return test }
                    return .object(keys.mapValues { listed(stringValues($0)) })
                })
        }
        return .object(members)
    }

    /// Scalars (and the scalars of a list) as strings, as IAM compares condition values.
    private static func stringValues(_ value: JSONValue) -> JSONValue {
        if let list = value.arrayValue { return .array(list.map(stringValues)) }
        return value.scalarText.map(JSONValue.string) ?? value
    }

    /// A string as a one-element list; a list sorted.
    private static func listed(_ value: JSONValue) -> JSONValue {
        if let list = value.arrayValue { return .array(sortedList(list)) }
        return .array([value])
    }

    /// A list in canonical order (by canonical JSON bytes).
    private static func sortedList(_ list: [JSONValue]) -> [JSONValue] {
        list.sorted { $0.canonicalData().lexicographicallyPrecedes($1.canonicalData()) }
    }
}
