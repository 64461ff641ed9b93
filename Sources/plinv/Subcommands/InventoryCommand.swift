import ArgumentParser
import Foundation
import Rendering
import Store

/// `plinv inventory`: what one snapshot holds.
struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory", abstract: "Print the inventory of one snapshot (default: the latest).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var report: ReportOptions

    @Option(name: .long, help: "The snapshot id (see `plinv snapshots`).")
    var snapshot: Int64?

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        try OutputFile.refuse(report.output, sparing: global.databasePath)
        let store = try SnapshotStore.openExisting(path: global.databasePath)
        let builder = ReportBuilder(store: store, now: Date(), trustedAccounts: [])
        let snapshot = try builder.snapshot(snapshot)
        let input = ReportInput(
            title: "PrivateLink inventory", generatedAt: try builder.generationTime(),
            snapshot: ReportSnapshot(snapshot),
            inventory: snapshot.inventory)
        try Console.emit(
            try ReportOutput.render(
                input, format: report.format, templates: report.templates, inventory: true,
                budget: report.markdownBudget),
            to: report.output, sparing: global.databasePath)
    }
}
