import ArgumentParser
import Collector
import Foundation
import Logging
import PrivateLinkModel
import Rendering
import Store

/// `plinv run`: the nightly job — collect, report in every configured format, prune.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The nightly job: collect, write every configured report (dated and `latest`), prune.",
        discussion:
            "Exits with the worst code of its steps: 1 error > 3 partial collection > 4 drift verified nothing > 2 findings > 0."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The YAML configuration file (see README).")
    var config: String

    @Option(name: .long, help: "A directory of report templates overriding the built-in ones.")
    var templates: String?

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let logger = Logger(label: "plinv.run")
        let runConfig = try RunConfig.load(path: config)
        let databasePath = global.db ?? runConfig.database.map(runConfig.resolve) ?? global.databasePath
        let now = Date()
        let directory = URL(fileURLWithPath: runConfig.resolve(runConfig.reportDirectory), isDirectory: true)
            .standardizedFileURL
        // Before collecting, what would fail after it: the reports' folder (not the database, not a file), the
        // suppressions, the template and parameters files.
        for name in runConfig.formats {
            try OutputFile.refuse(directory.appendingPathComponent("latest.\(name)").path, sparing: databasePath)
        }
        if OutputFile.fileType(directory.path).map({ $0 != S_IFDIR }) ?? false {
            throw CommandError.cannotWriteOutput(path: directory.path, reason: "it is a file, not a folder for reports")
        }
        _ = try runConfig.loadSuppressions()
        if runConfig.hasDrift && runConfig.desired != .stacks {
            try DriftRequest(entries: runConfig.driftEntries(), defaultScope: nil, stacks: nil).checkFilesReadable()
        }

        let collection = CollectionRequest(
            profiles: runConfig.profiles, roleArns: runConfig.roleArns, externalId: runConfig.externalId,
            regions: runConfig.regions, allRegions: runConfig.allRegions,
            endpoint: try AWSOptions.url(runConfig.endpointURL), concurrency: runConfig.concurrency ?? 8,
            label: runConfig.label,
            stacks: runConfig.desired.readsStacks
                ? StackReadOptions(enabled: true, namePatterns: runConfig.stackNames) : .disabled,
            organization: runConfig.organization
                ? .init(roleName: runConfig.orgRoleName ?? "OrganizationAccountAccessRole", units: runConfig.orgUnits)
                : nil)
        let outcome = try await collection.perform(
            databasePath: databasePath, quiet: global.quiet, logger: logger, now: now)
        var code = outcome.exitCode
        guard let snapshotID = outcome.snapshotID else { throw ExitCode(code) }

        let store = try SnapshotStore.openExisting(path: databasePath)
        var report = CombinedReport(config: runConfig, store: store, now: now)
        report.reportKey = runConfig.reportKey(path: config)
        report.suppressions = try runConfig.loadSuppressions()
        let built = try report.build(snapshotID: snapshotID)
        KeptUntilExit.keep(built)
        let input = built.input
        let stamp = Self.stamp(now)
        for name in runConfig.formats {
            guard let format = OutputFormat(rawValue: name) else { continue }
            let text = try ReportOutput.render(
                input, format: format, templates: templates, budget: runConfig.markdownBudget)
            let dated = directory.appendingPathComponent("plinv-\(stamp)-\(snapshotID).\(name)")
            try Console.emit(text, to: dated.path, sparing: databasePath)
            try Console.emit(text, to: directory.appendingPathComponent("latest.\(name)").path, sparing: databasePath)
            if !global.quiet { Console.err("plinv: wrote \(dated.path)") }
        }
        code = ExitStatus.worst(
            code, ReportOutput.exitCode(for: built, threshold: report.threshold, newThreshold: report.newThreshold))
        if let keepDays = runConfig.keepDays {
            let pruned = try store.prune(keepDays: keepDays, now: now)
            if !global.quiet && !pruned.deletedSnapshots.isEmpty {
                Console.err("plinv: pruned \(pruned.deletedSnapshots.count) snapshot(s) older than \(keepDays) days")
            }
        }
        Console.out("\(snapshotID)\n")
        if code != 0 { throw ExitCode(code) }
    }

    /// `20261126T231255Z`: sortable and safe in file names.
    static func stamp(_ date: Date) -> String {
        AWSTimestamp.format(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}
