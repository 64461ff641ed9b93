import ArgumentParser
import Foundation
import PrivateLinkModel
import Store

/// `plinv snapshots`: list the stored snapshots.
struct Snapshots: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List stored snapshots: id, time, status, scopes and resource counts.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: SnapshotListFormat = .text

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let store = try SnapshotStore.openExisting(path: global.databasePath)
        let summaries = try store.summaries()
        switch format {
        case .json: Console.out(try SnapshotListing.json(summaries) + "\n")
        case .text: Console.out(SnapshotListing.text(summaries))
        }
    }
}

/// Formats `plinv snapshots` can print.
enum SnapshotListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Renders the snapshot list.
enum SnapshotListing {
    /// `{"schemaVersion":1,"snapshots":[{id, takenAt, status, label, scopes, counts}]}`, newest first.
    static func json(_ summaries: [SnapshotSummary]) throws -> String {
        let snapshots: [JSONValue] = summaries.map { summary in
            var counts: JSONObject = [:]
            for kind in ResourceKind.allCases { counts[kind.rawValue] = .integer(summary.counts[kind] ?? 0) }
            return .object([
                "id": .integer(Int(summary.id)),
                "takenAt": .string(AWSTimestamp.format(summary.takenAt)),
                "status": .string(summary.status.rawValue),
                "label": summary.label.map(JSONValue.string) ?? .null,
                "scopes": .array(summary.scopes.map(scopeJSON)),
                "counts": .object(counts),
            ])
        }
        let document: JSONValue = .object(["schemaVersion": .integer(1), "snapshots": .array(snapshots)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// The contract's scope object: account, region, status, error.
    static func scopeJSON(_ status: ScopeStatus) -> JSONValue {
        .object([
            "account": .string(status.scope.account),
            "region": .string(status.scope.region),
            "status": .string(status.state.rawValue),
            "error": status.error.map(JSONValue.string) ?? .null,
        ])
    }

    /// A plain table, newest first.
    static func text(_ summaries: [SnapshotSummary]) -> String {
        guard !summaries.isEmpty else { return "no snapshots yet: run `plinv collect`\n" }
        var rows = [
            ["ID", "TAKEN AT", "STATUS", "SCOPES", "SERVICES", "PRINCIPALS", "CONNECTIONS", "ENDPOINTS", "LABEL"]
        ]
        for summary in summaries {
            let failed = summary.scopes.filter { $0.state == .failed }.count
            rows.append([
                String(summary.id), AWSTimestamp.format(summary.takenAt), summary.status.rawValue,
                failed == 0 ? "\(summary.scopes.count)" : "\(summary.scopes.count) (\(failed) failed)",
                "\(summary.counts[.endpointService] ?? 0)", "\(summary.counts[.allowedPrincipal] ?? 0)",
                "\(summary.counts[.connection] ?? 0)", "\(summary.counts[.vpcEndpoint] ?? 0)",
                TextTable.clean(summary.label ?? ""),
            ])
        }
        return TextTable.render(rows)
    }
}

/// Left-aligned plain-text tables for terminal output.
enum TextTable {
    /// Column-aligned rows separated by two spaces.
    static func render(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in
            rows.map { $0[column].count }.max() ?? 0
        }
        return rows.map { row in
            zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// Strips control characters (escape sequences, newlines) from text that reaches a terminal.
    static func clean(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map {
                    $0.properties.generalCategory == .control || $0.properties.generalCategory == .format ? " " : $0
                }))
    }
}
