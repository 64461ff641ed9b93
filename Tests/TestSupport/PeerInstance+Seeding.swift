import Foundation

extension PeerInstance {
    /// The article's scenario (scripts/seed_article.py) seeded into `provider` and `consumer` in every region:
    /// returns the script's JSON summary (`regions.<region>.provider.serviceId`, `.consumer.serviceEndpointId`, …).
    public func seedArticle(provider: String, consumer: String, regions: [String] = ["us-east-1"]) async throws -> Data
    {
        try await runPython(
            Peer.scriptsDirectory.appendingPathComponent("seed_article.py"),
            arguments: [
                "--endpoint-url", url.absoluteString, "--provider-account", provider,
                "--consumer-account", consumer, "--regions", regions.joined(separator: ","),
            ])
    }

    /// Changes an already seeded article scenario; `steps` among add-principal, acceptance-off, widen-sg,
    /// delete-endpoint, unmanaged-endpoint. Returns the JSON list of what changed (`changes[]`).
    public func mutateArticle(
        provider: String, consumer: String, regions: [String] = ["us-east-1"], steps: [String],
        extraPrincipal: String = "arn:aws:iam::999999999999:root"
    ) async throws -> Data {
        try await runPython(
            Peer.scriptsDirectory.appendingPathComponent("seed_article.py"),
            arguments: [
                "--endpoint-url", url.absoluteString, "--provider-account", provider,
                "--consumer-account", consumer, "--regions", regions.joined(separator: ","),
                "--mutate", steps.joined(separator: ","), "--extra-principal", extraPrincipal,
            ])
    }
}
