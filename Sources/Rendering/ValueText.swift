import Drift
import Foundation
import PrivateLinkModel

/// How reports spell values: dates, JSON values, scopes, tags, resource types. Output is plain text;
/// each format escapes it afterwards.
enum ValueText {
    /// The placeholder for a value that is absent.
    static let none = "—"

    /// A date as `2026-11-26T23:12:55Z` (UTC), the same in every locale and time zone.
    static func date(_ date: Date) -> String { AWSTimestamp.format(date) }

    /// An expected or actual value: a string as itself, anything else as compact canonical JSON.
    static func value(_ value: JSONValue?) -> String {
        switch value {
        case .none: none
        case .string(let text)?: text.isEmpty ? "\"\"" : text
        case let other?: String(decoding: other.canonicalData(), as: UTF8.self)
        }
    }

    /// `text` cut to at most `limit` characters, ending in `…` when cut.
    static func clipped(_ text: String, to limit: Int?) -> String {
        guard let limit, text.count > limit else { return text }
        return String(text.prefix(max(1, limit - 1))) + "…"
    }

    /// `text`, or the placeholder when it is nil or empty.
    static func orNone(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return none }
        return text
    }

    /// `account / region`.
    static func scope(_ scope: Scope) -> String { "\(scope.account) / \(scope.region)" }

    /// `account / region` of a finding.
    static func scope(of finding: Finding) -> String { "\(finding.account) / \(finding.region)" }

    /// `file:line`, or the placeholder.
    static func source(_ location: SourceLocation?) -> String {
        guard let location else { return none }
        return "\(location.file):\(location.line)"
    }

    /// `yes`, `no` or the placeholder.
    static func yesNo(_ flag: Bool?) -> String {
        switch flag {
        case true?: "yes"
        case false?: "no"
        case nil: none
        }
    }

    /// Tags as `key=value, key=value`, sorted; the placeholder when there are none.
    static func tags(_ tags: [Tag]) -> String {
        tags.isEmpty ? none : tags.sorted().map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    /// A list joined with `, `; the placeholder when empty.
    static func list(_ items: [String]) -> String {
        items.isEmpty ? none : items.joined(separator: ", ")
    }

    /// The CloudFormation type without its `AWS::service::` prefix (`VPCEndpointService`).
    static func shortType(_ resourceType: String) -> String {
        // What follows the last `::` as `components(separatedBy: "::")` finds them (left to right, never overlapping),
        // by a byte scan: Foundation's search cost more than the rest of a finding's row. Types are ASCII; anything else
        // goes through Foundation.
        let bytes = Array(resourceType.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return resourceType.components(separatedBy: "::").last ?? resourceType
        }
        var start = 0
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: ":") {
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        return start == 0 ? resourceType : String(decoding: bytes[start...], as: UTF8.self)
    }

    /// A security group rule as `tcp 443 from 10.0.0.0/16, sg-1`.
    static func rule(_ rule: SecurityGroupRule) -> String {
        let proto = rule.ipProtocol == "-1" ? "all traffic" : rule.ipProtocol
        let ports: String =
            switch (rule.fromPort, rule.toPort) {
            case let (from?, to?) where from == to && from >= 0: " \(from)"
            case let (from?, to?) where from >= 0: " \(from)-\(to)"
            default: ""
            }
        let sources = rule.ipv4Ranges + rule.ipv6Ranges + rule.groupIds + rule.prefixListIds
        return "\(proto)\(ports) from \(sources.isEmpty ? none : sources.joined(separator: ", "))"
    }

    /// A number with thousands separated by a comma (deterministic, locale-free).
    static func count(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return number < 0 ? "-" + grouped : grouped
    }
}
