import Foundation

/// An IPv4 or IPv6 network in CIDR notation, and the subnets `Fn::Cidr` carves from it.
struct CIDRBlock {
    /// Why a block or a subnet request is invalid.
    struct Problem: Error {
        var message: String
    }

    /// The address bytes (4 or 16), masked to the network.
    var bytes: [UInt8]
    var prefixLength: Int

    init(_ text: String) throws {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, let prefix = Int(pieces[1]) else {
            throw Problem(message: "an IpBlock like 10.0.0.0/16, not \(text)")
        }
        if pieces[0].contains(":") {
            guard let parsed = Self.ipv6(pieces[0]) else { throw Problem(message: "a valid IPv6 block, not \(text)") }
            bytes = parsed
        } else {
            let octets = pieces[0].split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
            guard octets.count == 4 else { throw Problem(message: "a valid IPv4 block, not \(text)") }
            bytes = octets
        }
        guard (0...bytes.count * 8).contains(prefix) else {
            throw Problem(message: "a prefix length within the address, not /\(prefix)")
        }
        prefixLength = prefix
        for bit in prefix..<(bytes.count * 8) { bytes[bit / 8] &= ~(UInt8(0x80) >> UInt8(bit % 8)) }
    }

    /// The first `count` subnets with `hostBits` host bits each, in order.
    func subnets(count: Int, hostBits: Int) throws -> [String] {
        let width = bytes.count * 8
        let newPrefix = width - hostBits
        guard hostBits >= 0, newPrefix >= prefixLength else {
            throw Problem(
                message: "CidrBits between 0 and \(width - prefixLength) for a /\(prefixLength) block, not \(hostBits)")
        }
        let available = newPrefix - prefixLength
        guard count >= 1, count <= 256, available >= 62 || count <= 1 << available else {
            throw Problem(message: "a Count between 1 and \(available >= 8 ? 256 : 1 << available), not \(count)")
        }
        return (0..<count).map { index in
            var subnet = bytes
            for bit in 0..<(Int.bitWidth - 1) where (index >> bit) & 1 == 1 {
                Self.addOne(atBit: hostBits + bit, to: &subnet)
            }
            return "\(Self.format(subnet))/\(newPrefix)"
        }
    }

    /// Adds 2^bit (counted from the least significant end) to a big-endian address.
    private static func addOne(atBit bit: Int, to bytes: inout [UInt8]) {
        var position = bytes.count - 1 - bit / 8
        var carry = 1 << (bit % 8)
        while carry > 0 && position >= 0 {
            let sum = Int(bytes[position]) + carry
            bytes[position] = UInt8(sum & 0xFF)
            carry = sum >> 8
            position -= 1
        }
    }

    private static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { Int(bytes[$0]) << 8 | Int(bytes[$0 + 1]) }
        // RFC 5952: compress the longest run (length ≥ 2) of zero groups.
        var best = (start: -1, length: 0), current = (start: -1, length: 0)
        for (index, group) in groups.enumerated() {
            if group == 0 {
                current = current.start < 0 ? (index, 1) : (current.start, current.length + 1)
                if current.length > best.length { best = current }
            } else {
                current = (-1, 0)
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    private static func ipv6(_ text: Substring) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard piece.count <= 4, let group = UInt16(piece, radix: 16) else { return nil }
                result.append(group)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        let tail = halves.count == 2 ? groups(halves[1]) : []
        guard let tail else { return nil }
        let missing = 8 - head.count - tail.count
        guard halves.count == 2 ? missing >= 1 : missing == 0 else { return nil }
        let all = head + Array(repeating: 0, count: halves.count == 2 ? missing : 0) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
