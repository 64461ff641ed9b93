import ArgumentParser
import Foundation
import PrivateLinkModel
import Store

/// `plinv sql`: one read-only query on the database, with the SQL function the views that read records need.
struct Sql: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run one read-only SQL query on the database, e.g. 'select * from who_can_connect'.",
        discussion: """
            Stored records and reports' problems are compressed: the views (services, principals, connections, \
            endpoints, who_can_connect, stacks, report_problems, …) call plinv_body(), which exists only inside plinv. \
            The sqlite3 shell reads the tables; this command reads the views too. Tables and views: Schema/README.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long, help: "Output format: text (a header, then one line per row, values separated by |), csv or json.")
    var format: QueryFormat = .text

    @Argument(help: "The SQL query (one SELECT statement).")
    var query: String

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let store = try SnapshotStore.openExisting(path: global.databasePath)
        var output = QueryOutput(format: format)
        try store.query(query, header: { output.header($0) }, row: { output.row($0) })
        output.finish()
    }
}

/// Formats `plinv sql` can print.
enum QueryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}

/// Writes a query's result to standard output as it arrives, in 64 KiB pieces.
struct QueryOutput {
    let format: QueryFormat
    private var columns: [String] = []
    private var rows = 0
    private var buffer = ""

    init(format: QueryFormat) { self.format = format }

    mutating func header(_ names: [String]) {
        columns = names
        switch format {
        case .text: write(names.joined(separator: "|") + "\n")
        case .csv: write(names.map(Self.csvField).joined(separator: ",") + "\r\n")
        case .json: write("[")
        }
    }

    mutating func row(_ values: [QueryValue]) {
        switch format {
        case .text: write(values.map(Self.text).joined(separator: "|") + "\n")
        case .csv: write(values.map { Self.csvField(Self.text($0)) }.joined(separator: ",") + "\r\n")
        case .json:
            let members = zip(columns, values).map { Self.json(.string($0)) + ":" + Self.json(Self.jsonValue($1)) }
            write((rows == 0 ? "" : ",\n") + "{" + members.joined(separator: ",") + "}")
        }
        rows += 1
    }

    mutating func finish() {
        if format == .json { write("]\n") }
        Console.out(buffer)
        buffer = ""
    }

    private mutating func write(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 65_536 {
            Console.out(buffer)
            buffer = ""
        }
    }

    /// A value as sqlite3's list mode prints it: NULL as nothing, a blob as an X'…' literal.
    static func text(_ value: QueryValue) -> String {
        switch value {
        case .null: ""
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): text
        case .blob(let data): "X'" + data.map { String(format: "%02X", $0) }.joined() + "'"
        }
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func jsonValue(_ value: QueryValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .integer(Int(number))
        case .real(let number): number.isFinite ? .double(number) : .null
        case .text, .blob: .string(text(value))
        }
    }

    static func json(_ value: JSONValue) -> String {
        String(decoding: value.canonicalData(), as: UTF8.self)
    }
}
