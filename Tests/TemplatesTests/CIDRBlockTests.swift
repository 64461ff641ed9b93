import Testing
@testable import Templates

/// `Fn::Cidr`'s arithmetic.
@Suite struct CIDRBlockTests {
    @Test func carvesIPv4SubnetsAcrossByteBoundaries() throws {
        #expect(
            try CIDRBlock("10.0.0.0/16").subnets(count: 3, hostBits: 12)
                == ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"])
        #expect(
            try CIDRBlock("192.168.1.77/24").subnets(count: 4, hostBits: 6)
                == ["192.168.1.0/26", "192.168.1.64/26", "192.168.1.128/26", "192.168.1.192/26"])
        #expect(try CIDRBlock("10.0.0.0/8").subnets(count: 2, hostBits: 0) == ["10.0.0.0/32", "10.0.0.1/32"])
    }

    @Test func carvesIPv6SubnetsInCanonicalForm() throws {
        #expect(
            try CIDRBlock("2001:db8:1234::/48").subnets(count: 3, hostBits: 64)
                == ["2001:db8:1234::/64", "2001:db8:1234:1::/64", "2001:db8:1234:2::/64"])
        #expect(try CIDRBlock("fd00::/8").subnets(count: 1, hostBits: 112) == ["fd00::/16"])
    }

    @Test(arguments: ["10.0.0/16", "10.0.0.0", "10.0.0.0/33", "2001:db8::1::/64", "2001:db8:zz::/48"])
    func rejectsBadBlocks(text: String) {
        #expect(throws: CIDRBlock.Problem.self) { try CIDRBlock(text) }
    }
}
