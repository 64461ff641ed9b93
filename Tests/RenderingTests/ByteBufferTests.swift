import TestSupport
import Testing

@testable import Rendering

/// A byte buffer holds what an array given the same appends holds, through growth, and copies do not share changes.
@Suite struct ByteBufferTests {
    @Test func appendsHoldWhatAnArrayHolds() {
        var generator = SeededGenerator(seed: 0xB1FE)
        var buffer = ByteBuffer(capacity: 1)
        var array: [UInt8] = []
        for round in 0..<2_000 {
            let length = Int.random(in: 0...(round % 100 == 0 ? 5_000 : 40), using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length == 1 {
                buffer.append(bytes[0])
            } else {
                bytes.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
            }
            array += bytes
            if round % 500 == 499 {
                #expect(buffer.copy(from: 0) == array)
                buffer.removeAll()
                array.removeAll()
            }
        }
        #expect(buffer.count == array.count)
        #expect(buffer.copy(from: 0) == array)
        #expect(buffer.copy(from: array.count / 2) == Array(array[(array.count / 2)...]))
        buffer.withUnsafeBytes { #expect(Array($0) == array) }
    }

    @Test func aCopyKeepsItsBytesWhenTheOriginalChanges() {
        var original = ByteBuffer(capacity: 64)
        original.append(contentsOf: Array("shared".utf8))
        var copy = original
        original.append(UInt8(ascii: "!"))
        copy.append(contentsOf: Array(" and kept".utf8))
        #expect(original.copy(from: 0) == Array("shared!".utf8))
        #expect(copy.copy(from: 0) == Array("shared and kept".utf8))
        let cleared = copy
        copy.removeAll()
        copy.append(UInt8(ascii: "x"))
        #expect(cleared.copy(from: 0) == Array("shared and kept".utf8))
        #expect(copy.copy(from: 0) == [UInt8(ascii: "x")])
    }
}
