import ArgumentParser
import Foundation

/// Options every command takes: the database and how chatty to be.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database (default: $PLINV_DB, else ./plinv.sqlite).")
    var db: String?

    @Flag(name: .shortAndLong, help: "Only print errors on stderr.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print debug logs on stderr.")
    var verbose = false

    /// The database path after applying `$PLINV_DB` and the default.
    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["PLINV_DB"] ?? "./plinv.sqlite"
    }

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }
}

/// The formats a command can render.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, md, html, json, sarif
}

/// The `--fail-on` option shared by drift, audit and report.
extension FailThreshold: ExpressibleByArgument {}
