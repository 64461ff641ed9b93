import Foundation
import PrivateLinkModel
import Testing
@testable import Store

/// The compact index of a scope's previous versions finds exactly what was put in it.
@Suite struct PreviousVersionsTests {
    @Test func everyVersionIsFoundByKindAndIdAndNothingElse() {
        var versions = PreviousVersions()
        var expected: [(kind: String, id: String, version: PreviousVersions.Version)] = []
        for index in 0..<3_000 {
            let kind = index % 7 == 6 ? "kindOfANewerPlinv" : ResourceKind.allCases[index % 6].rawValue
            let id = index == 0 ? "" : "res-\(index % 1_000)-é"
            let digest: UInt128? = index % 5 == 0 ? nil : UInt128(index) << 100 | UInt128(index)
            let version = PreviousVersions.Version(firstSnapshot: Int64(index), bodyID: Int64(-index), digest: digest)
            guard !expected.contains(where: { $0.kind == kind && $0.id == id }) else { continue }
            Data(id.utf8).withUnsafeBytes { versions.append(kind: kind, id: $0, version: version) }
            expected.append((kind, id, version))
        }
        versions.index()
        #expect(versions.count == expected.count)
        for (position, entry) in expected.enumerated() {
            #expect(versions.key(at: position) == ScopeDraft.RecordKey(kind: entry.kind, id: entry.id))
            let found = versions.version(at: position)
            #expect(found.firstSnapshot == entry.version.firstSnapshot && found.bodyID == entry.version.bodyID)
            #expect(found.digest == entry.version.digest)
            if let kind = ResourceKind(rawValue: entry.kind) {
                #expect(versions.position(of: kind, id: entry.id) == position)
            }
        }
        #expect(versions.position(of: .vpcEndpoint, id: "res-1-") == nil)
        #expect(versions.position(of: .vpcEndpoint, id: "res-1000-é") == nil)
        #expect(PreviousVersions().position(of: .vpcEndpoint, id: "") == nil)
    }
}
