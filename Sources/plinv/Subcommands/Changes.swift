import ArgumentParser
import Drift
import Foundation
import Rendering
import Store

/// `plinv changes`: what changed between two snapshots.
struct Changes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Show what changed between two snapshots (default: the two latest).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var report: ReportOptions

    @Option(name: .long, help: "The earlier snapshot id (default: the one before --to).")
    var from: Int64?

    @Option(name: .long, help: "The later snapshot id (default: the latest).")
    var to: Int64?

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        try OutputFile.refuse(report.output, sparing: global.databasePath)
        let store = try SnapshotStore.openExisting(path: global.databasePath)
        guard let laterID = try to ?? store.latestSnapshotID() else {
            throw CommandError.noSnapshots(path: store.path)
        }
        guard try store.containsSnapshot(id: laterID) else { throw StoreError.snapshotNotFound(id: laterID) }
        let earlierID: Int64
        if let from {
            earlierID = from
        } else if let previous = try store.previousSnapshotID(before: laterID) {
            earlierID = previous
        } else {
            throw CommandError.needsTwoSnapshots(path: store.path)
        }
        if earlierID >= laterID {
            throw CommandError.reversedComparison(from: earlierID, to: laterID)
        }
        let builder = ReportBuilder(store: store, now: Date(), trustedAccounts: [])
        let compared = try builder.changes(from: earlierID, to: laterID)
        let input = ReportInput(
            title: "PrivateLink changes", generatedAt: try builder.generationTime(), snapshot: compared.later,
            comparedWith: compared.earlier, changes: compared.changes)
        try Console.emit(
            try ReportOutput.render(
                input, format: report.format, templates: report.templates, budget: report.markdownBudget),
            to: report.output, sparing: global.databasePath)
    }
}
