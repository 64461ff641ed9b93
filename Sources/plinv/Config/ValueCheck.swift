import Drift

/// Checks of values a user writes (in the configuration or on the command line) that would otherwise be taken as
/// given and fail far away: a list written as one comma-separated value becomes a single "account" no principal
/// matches, every consumer then reported as untrusted.
enum ValueCheck {
    /// Why `entry` cannot be a trusted account (an account id or ARN, an organization or OU); nil when it can.
    static func trustIssue(_ entry: String) -> String? {
        // No form holds a comma or a space; `o-…, o-…` would otherwise pass as one organization id.
        let oneValue = !entry.contains(",") && !entry.contains(where: \.isWhitespace)
        guard !oneValue || !TrustedPrincipals([entry]).unrecognized.isEmpty else { return nil }
        return "'\(entry)' is not an account id, an account ARN, an organization or an OU" + listHint(entry)
    }

    /// Why `name` cannot be an AWS region name (`eu-west-1`, `us-gov-west-1`); nil when it can.
    static func regionIssue(_ name: String) -> String? {
        // The FIPS spellings botocore takes (`fips-us-east-1`, `us-east-1-fips`) name the region inside them.
        var base = Substring(name)
        if base.hasPrefix("fips-") {
            base = base.dropFirst(5)
        } else if base.hasSuffix("-fips") {
            base = base.dropLast(5)
        }
        let parts = base.split(separator: "-", omittingEmptySubsequences: false)
        let wellFormed =
            parts.count >= 3
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
            && parts.last!.allSatisfy(\.isNumber)
        return wellFormed ? nil : "'\(name)' is not a region name such as eu-west-1" + listHint(name)
    }

    /// A reminder of how lists are written, when `value` looks like one written as a single value.
    private static func listHint(_ value: String) -> String {
        value.contains(",") || value.contains(" ")
            ? " (a list is written [a, b], or one item a line after '- ', or with the option repeated)" : ""
    }
}
