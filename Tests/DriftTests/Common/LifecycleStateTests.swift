import Testing

@testable import Drift

/// `Lifecycle.state(_:isIn:)` skips states of other lengths without lowercasing them; that is exact only while every
/// state name it is asked about keeps to `stateNameLengths` and has no `k` (the Kelvin sign lowercases to one).
@Suite struct LifecycleStateTests {
    @Test(arguments: [Lifecycle.goneStates, EndpointStates.ended, EndpointStates.failedOrRejected])
    func everyStateNameKeepsToTheLengthsSkipped(_ names: Set<String>) {
        for name in names {
            #expect(Lifecycle.stateNameLengths.contains(name.utf8.count), "\(name)")
            #expect(name == name.lowercased() && !name.contains("k"), "\(name)")
        }
    }

    @Test func statesAreFoundInAnyCaseAndOthersAreNot() {
        for state in ["deleted", "Deleting", "FAILED", "failed"] {
            #expect(Lifecycle.state(state, isIn: Lifecycle.goneStates), "\(state)")
        }
        for state in ["available", "pendingAcceptance", "", "deletedd", "Rejected", "fa\u{130}led"] {
            #expect(!Lifecycle.state(state, isIn: Lifecycle.goneStates), "\(state)")
        }
        #expect(EndpointStates.hasEnded("Rejected") && EndpointStates.hasEnded("EXPIRED"))
        #expect(EndpointStates.isFailedOrRejected("Rejected") && !EndpointStates.isFailedOrRejected("expired"))
    }
}
