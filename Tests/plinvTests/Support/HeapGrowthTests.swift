import Testing

@testable import plinv

/// The start-up allocator setting reaches glibc (the shim's `mallopt` is visible and accepts the pad).
@Suite struct HeapGrowthTests {
    @Test func glibcTakesTheTopPad() {
        #if canImport(Glibc)
            #expect(HeapGrowth.configure())
        #else
            #expect(!HeapGrowth.configure())
        #endif
    }
}
