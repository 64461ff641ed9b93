import Foundation
import PrivateLinkModel
import TestSupport

/// The article's scenario seeded into a fresh provider and consumer account of the shared peer, in two regions.
struct ArticleScenario {
    static let regions = ["eu-west-1", "us-east-1"]

    let peer: PeerInstance
    let provider: String
    let consumer: String
    /// The seed script's JSON summary of every id it created.
    let summary: JSONValue
    let directory: TemporaryDirectory

    /// Seeds a new copy of the scenario.
    static func seed() async throws -> ArticleScenario {
        let peer = try await Peer.shared()
        let provider = await peer.freshAccount()
        let consumer = await peer.freshAccount()
        let output = try await peer.runPython(
            Peer.scriptsDirectory.appendingPathComponent("seed_article.py"),
            arguments: [
                "--endpoint-url", peer.url.absoluteString, "--provider-account", provider,
                "--consumer-account", consumer, "--regions", regions.joined(separator: ","),
            ])
        return ArticleScenario(
            peer: peer, provider: provider, consumer: consumer, summary: try JSONValue.parse(output),
            directory: try TemporaryDirectory(prefix: "plinv-e2e"))
    }

    /// The database file of this scenario's runs.
    var database: String { directory.file("plinv.sqlite").path }

    /// Base credentials for plinv: moto's default account; the scenario's accounts are reached with --role-arn.
    func plinvEnvironment() async throws -> [String: String] {
        try await peer.environment(extra: ["PLINV_DB": database])
    }

    /// `plinv collect` over both accounts and both regions.
    func collect(extra: [String] = []) async throws -> ProcessResult {
        var arguments = ["collect", "--endpoint-url", peer.url.absoluteString]
        for account in [provider, consumer] { arguments += ["--role-arn", "arn:aws:iam::\(account):role/plinv-read"] }
        for region in Self.regions { arguments += ["--region", region] }
        return try await PlinvBinary.run(arguments + extra, environment: try await plinvEnvironment())
    }

    /// Runs plinv with the scenario's environment.
    func plinv(_ arguments: [String]) async throws -> ProcessResult {
        try await PlinvBinary.run(arguments, environment: try await plinvEnvironment())
    }

    /// Applies out-of-band changes with the seed script's `--mutate` steps.
    func mutate(_ steps: [String], extraPrincipal: String? = nil) async throws -> JSONValue {
        var arguments = [
            "--endpoint-url", peer.url.absoluteString, "--provider-account", provider, "--consumer-account", consumer,
            "--regions", Self.regions.joined(separator: ","), "--mutate", steps.joined(separator: ","),
        ]
        if let extraPrincipal { arguments += ["--extra-principal", extraPrincipal] }
        let output = try await peer.runPython(
            Peer.scriptsDirectory.appendingPathComponent("seed_article.py"), arguments: arguments)
        return try JSONValue.parse(output)
    }

    /// The AWS CLI's JSON for `arguments` run as `account` in `region`.
    func cli(_ arguments: [String], account: String, region: String) async throws -> JSONValue {
        let environment = try await peer.environment(account: account, region: region)
        return try JSONValue.parse(try await peer.awsCLI(arguments + ["--region", region], environment: environment))
    }
}
