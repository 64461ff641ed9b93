import Foundation

/// IPv6 addresses and CIDRs in the one text form RFC 5952 recommends, so that two spellings of one range
/// compare equal: lowercase hex, no leading zeros, the longest run of two or more zero groups (the first, on a
/// tie) written `::`. Text that is not an IPv6 address is returned lowercased, unchanged otherwise.
enum IPv6CIDR {
    /// The canonical text of `text` (`2001:DB8:0:0::/64` → `2001:db8::/64`).
    static func canonical(_ text: String) -> String {
        let lowered = text.lowercased()
        let parts = lowered.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let groups = groups(of: String(parts[0])) else { return lowered }
        let address = format(groups)
        return parts.count == 2 ? "\(address)/\(parts[1])" : address
    }

    /// The eight 16-bit groups of an address, or nil when it is not one (embedded IPv4 forms included: nil).
    static func groups(of address: String) -> [UInt16]? {
        let halves = address.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parse(_ half: String) -> [UInt16]? {
            if half.isEmpty { return [] }
            var values: [UInt16] = []
            for group in half.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                values.append(value)
            }
            return values
        }
        guard let head = parse(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = parse(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// RFC 5952 text of eight groups.
    static func format(_ groups: [UInt16]) -> String {
        var best: Range<Int>?
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            let start = index
            while index < groups.count, groups[index] == 0 { index += 1 }
            if index - start >= 2, index - start > (best?.count ?? 0) { best = start..<index }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard let best else { return hex.joined(separator: ":") }
        return hex[..<best.lowerBound].joined(separator: ":") + "::" + hex[best.upperBound...].joined(separator: ":")
    }
}
