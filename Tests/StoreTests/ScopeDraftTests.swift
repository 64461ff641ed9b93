import Foundation
import PrivateLinkModel
import Testing

@testable import Store

/// A draft refuses a resource listed twice in its scope, and only that: identities are told apart by a hash first,
/// then, when hashes are equal, by comparing them.
@Suite struct ScopeDraftTests {
    static let scope = Scope(account: "123456789012", region: "us-east-1")

    static func record(_ draft: ScopeDraft, _ kind: ResourceKind, _ id: String) throws {
        try draft.record(kind, id: id, digest: nil, canonicalJSON: Array(#"{"Id":"\#(id)"}"#.utf8))
    }

    @Test func aResourceRecordedTwiceIsRefused() throws {
        let draft = ScopeDraft(scope: Self.scope, baseline: .snapshot(nil))
        try Self.record(draft, .vpcEndpoint, "vpce-1")
        try Self.record(draft, .vpcEndpoint, "vpce-2")
        try Self.record(draft, .endpointService, "vpce-1")  // another kind: another resource
        #expect(throws: StoreError.self) { try Self.record(draft, .vpcEndpoint, "vpce-1") }
        #expect(draft.recordCount == 3)
    }

    // The adversarial case: every identity hashes alike, so each is told apart by comparing it.
    @Test func identitiesWhoseHashesCollideAreComparedNotRefused() throws {
        let draft = ScopeDraft(scope: Self.scope, baseline: .snapshot(nil), keyHash: { _, _ in 42 })
        for number in 0..<200 { try Self.record(draft, .allowedPrincipal, "vpce-svc-1|arn:aws:iam::\(number):root") }
        try Self.record(draft, .connection, "vpce-svc-1|arn:aws:iam::7:root")
        #expect(draft.recordCount == 201)
        #expect(throws: StoreError.self) { try Self.record(draft, .allowedPrincipal, "vpce-svc-1|arn:aws:iam::7:root") }
        #expect(throws: StoreError.self) { try Self.record(draft, .connection, "vpce-svc-1|arn:aws:iam::7:root") }
        #expect(draft.recordCount == 201)
    }

    // Ids are told apart by their bytes, as the baseline and the database's key tell them apart: two spellings of
    // one text (a precomposed é and an e with its accent) are two resources, whether or not their hashes collide.
    @Test(arguments: [false, true])
    func idsAreComparedByTheirBytes(colliding: Bool) throws {
        let draft =
            colliding
            ? ScopeDraft(scope: Self.scope, baseline: .snapshot(nil), keyHash: { _, _ in 7 })
            : ScopeDraft(scope: Self.scope, baseline: .snapshot(nil))
        try Self.record(draft, .vpcEndpoint, "caf\u{E9}")
        try Self.record(draft, .vpcEndpoint, "cafe\u{301}")
        #expect(draft.recordCount == 2)
        #expect(throws: StoreError.self) { try Self.record(draft, .vpcEndpoint, "cafe\u{301}") }
    }

    @Test func theKeyHashTellsKindsApart() {
        #expect(ScopeDraft.keyHash(.vpcEndpoint, "x") == ScopeDraft.keyHash(.vpcEndpoint, "x"))
        #expect(ScopeDraft.keyHash(.vpcEndpoint, "x") != ScopeDraft.keyHash(.endpointService, "x"))
        #expect(ScopeDraft.keyHash(.vpcEndpoint, "x") != ScopeDraft.keyHash(.vpcEndpoint, "y"))
    }
}
