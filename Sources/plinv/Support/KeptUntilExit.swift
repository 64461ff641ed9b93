import Synchronization

/// Values a command keeps until the process exits instead of freeing them when it is done with them.
///
/// A report command's largest values (a snapshot's records as `JSONValue` trees, the loaded templates, the
/// findings) would otherwise be freed node by node as the command returns: at 12,500 records that is a tenth of a
/// `plinv drift`'s instructions, spent just before the system takes back the whole address space at once. Only for
/// values that live to the end of the command anyway and hold nothing but memory (files and databases are closed
/// as usual), so keeping them never raises the peak.
enum KeptUntilExit {
    private static let values = Mutex<[any Sendable]>([])

    /// Keeps `value` (its storage: a copy shares it) until the process exits.
    static func keep(_ value: some Sendable) {
        values.withLock { $0.append(value) }
    }

    /// How many values are kept.
    static var count: Int { values.withLock { $0.count } }
}
