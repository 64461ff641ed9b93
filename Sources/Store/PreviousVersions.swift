import Foundation
import PrivateLinkModel

/// The versions a scope's previous snapshot held, by identity, kept compactly: a collect holds one of these per
/// scope for its whole run, so the ids share one byte arena and the index is an open-addressed table of
/// positions, instead of a `String` and a dictionary entry per resource.
struct PreviousVersions: Sendable {
    /// One stored version.
    struct Version: Sendable {
        var firstSnapshot: Int64
        var bodyID: Int64
        var digest: UInt128?
    }

    private struct Entry: Sendable {
        var firstSnapshot: Int64
        var bodyID: Int64
        var digestHigh: UInt64
        var digestLow: UInt64
        var idStart: UInt32
        var idCount: UInt32
        var kind: UInt8
        var hasDigest: Bool
    }

    private var entries: [Entry] = []
    /// Every id's UTF-8, one after the other.
    private var arena: [UInt8] = []
    /// The kind of each code: this plinv's kinds first, then any other met in the database.
    private var kinds: [String] = ResourceKind.allCases.map(\.rawValue)
    /// Positions in `entries` (-1: empty), at a slot derived from the hash of kind and id; a power of two long.
    private var slots: [Int32] = []

    /// How many versions there are.
    var count: Int { entries.count }

    /// Adds a version (ids must not repeat within a kind); call `index()` once all are added.
    mutating func append(kind: String, id: UnsafeRawBufferPointer, version: Version) {
        let code: UInt8
        if let known = kinds.firstIndex(of: kind) {
            code = UInt8(known)
        } else {
            code = UInt8(truncatingIfNeeded: kinds.count)
            kinds.append(kind)
        }
        let start = UInt32(arena.count)
        arena.append(contentsOf: id)
        entries.append(
            Entry(
                firstSnapshot: version.firstSnapshot, bodyID: version.bodyID,
                digestHigh: UInt64(truncatingIfNeeded: (version.digest ?? 0) >> 64),
                digestLow: UInt64(truncatingIfNeeded: version.digest ?? 0),
                idStart: start, idCount: UInt32(id.count), kind: code, hasDigest: version.digest != nil))
    }

    /// Builds the lookup table over everything appended.
    mutating func index() {
        var size = 16
        while size < entries.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        arena.withUnsafeBytes { arena in
            for (position, entry) in entries.enumerated() {
                let id = UnsafeRawBufferPointer(
                    rebasing: arena[Int(entry.idStart)..<Int(entry.idStart + entry.idCount)])
                var slot = Int(Self.hash(entry.kind, id) & UInt64(size - 1))
                while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = Int32(position)
            }
        }
        self.slots = slots
    }

    /// The position of the version of `kind` `id`, if there is one.
    func position(of kind: ResourceKind, id: String) -> Int? {
        guard !slots.isEmpty, let code = ResourceKind.allCases.firstIndex(of: kind) else { return nil }
        var id = id
        return id.withUTF8 { utf8 in
            let id = UnsafeRawBufferPointer(utf8)
            return arena.withUnsafeBytes { arena in
                var slot = Int(Self.hash(UInt8(code), id) & UInt64(slots.count - 1))
                while slots[slot] >= 0 {
                    let entry = entries[Int(slots[slot])]
                    if entry.kind == code, Int(entry.idCount) == id.count,
                        id.isEmpty || memcmp(arena.baseAddress! + Int(entry.idStart), id.baseAddress!, id.count) == 0
                    {
                        return Int(slots[slot])
                    }
                    slot = (slot + 1) & (slots.count - 1)
                }
                return nil
            }
        }
    }

    /// The version at `position`.
    func version(at position: Int) -> Version {
        let entry = entries[position]
        return Version(
            firstSnapshot: entry.firstSnapshot, bodyID: entry.bodyID,
            digest: entry.hasDigest ? UInt128(entry.digestHigh) << 64 | UInt128(entry.digestLow) : nil)
    }

    /// The kind (as stored) and id of the version at `position`.
    func key(at position: Int) -> ScopeDraft.RecordKey {
        let entry = entries[position]
        let id = String(decoding: arena[Int(entry.idStart)..<Int(entry.idStart + entry.idCount)], as: UTF8.self)
        return ScopeDraft.RecordKey(kind: kinds[Int(entry.kind)], id: id)
    }

    /// FNV-1a over the kind code and the id's bytes.
    private static func hash(_ kind: UInt8, _ id: UnsafeRawBufferPointer) -> UInt64 {
        var value: UInt64 = (0xcbf2_9ce4_8422_2325 ^ UInt64(kind)) &* 0x0000_0100_0000_01b3
        for byte in id { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return value ^ (value >> 29)
    }
}
