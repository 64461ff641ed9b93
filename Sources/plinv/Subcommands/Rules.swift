import ArgumentParser
import Drift
import Foundation
import Rendering

/// `plinv rules [RULE]`: the rule catalogue, or one rule's page.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Explain the rules plinv reports: title, severity, what each means, why it matters, how to fix it.")

    @Argument(help: "A rule id (PL008, drift.rule.extra, change.policy, …); every rule when left out.")
    var rule: String?

    @Option(name: .long, help: "Output format: text, md, json, or md-table (the README's table).")
    var format: RuleCatalogueFormat = .text

    func run() throws {
        var entries = RuleCatalogue.entries
        if let rule {
            guard let entry = RuleCatalogue.entries.first(where: { $0.id.caseInsensitiveCompare(rule) == .orderedSame })
            else {
                throw ValidationError(
                    "no rule \(rule); plinv reports \(RuleCatalogue.entries.map(\.id).joined(separator: ", ")).")
            }
            entries = [entry]
        }
        let width = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 100
        Console.out(try RuleCatalogueText.render(entries, format: format, width: width))
    }
}

extension RuleCatalogueFormat: ExpressibleByArgument {}
