import Foundation
import Testing

@testable import Store

/// The hash that `body.hash` holds: stored, so it must never change without a migration, and it indexes every body.
@Suite struct ContentHashTests {
    /// Values from an independent implementation of the definition in `ContentHash.body(_:)` (Python, integers mod
    /// 2^64): the words, the zero-padded tail, the seed, the finaliser.
    @Test(
        arguments: [
            ("", -5_187_938_499_138_476_537), ("a", 3_249_542_805_964_293_562), ("abcdefg", -7_415_161_349_169_063_665),
            ("abcdefgh", 443_793_483_054_807_827), ("abcdefghi", -9_114_167_224_202_611_205),
            (#"{"VpcEndpointId":"vpce-0123456789abcdef0"}"#, 6_832_704_893_058_492_355),
            ("caf\u{E9} \u{2603}", 7_821_644_401_345_640_249),
        ] as [(String, Int64)])
    func theBodyHashIsItsDefinition(text: String, expected: Int64) {
        #expect(ContentHash.body(text) == expected)
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { ContentHash.body($0) } == expected)
    }

    /// Every byte counts, wherever it is (in a whole word or the tail), and so does the length (a zero byte added).
    @Test func changingAnyByteOrTheLengthChangesTheHash() {
        let text = Array(#"{"GroupId":"sg-0123456789abcdef0","GroupName":"endpoints"}"#.utf8)
        for length in 0...text.count {
            let prefix = Array(text[0..<length])
            let hash = prefix.withUnsafeBytes { ContentHash.body($0) }
            #expect((prefix + [0]).withUnsafeBytes { ContentHash.body($0) } != hash, "length \(length)")
            for position in 0..<length {
                var changed = prefix
                changed[position] ^= 0x01
                #expect(changed.withUnsafeBytes { ContentHash.body($0) } != hash, "byte \(position) of \(length)")
            }
        }
    }
}
