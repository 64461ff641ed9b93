import Synchronization
import Testing

@testable import plinv

/// A value handed to `KeptUntilExit` is not freed when its last other owner lets go.
@Suite struct KeptUntilExitTests {
    /// Counts its deinits.
    final class Tracked: Sendable {
        static let freed = Atomic<Int>(0)
        deinit { Self.freed.add(1, ordering: .relaxed) }
    }

    @Test func aKeptValueOutlivesItsLastOwner() {
        let before = KeptUntilExit.count
        do {
            let kept = [Tracked()]
            KeptUntilExit.keep(kept)
            _ = [Tracked()]  // one that is not kept, freed here as usual
        }
        #expect(Tracked.freed.load(ordering: .relaxed) == 1)
        #expect(KeptUntilExit.count == before + 1)
    }
}
