import ArgumentParser
import Foundation

/// Where and as whom to talk to AWS.
struct AWSOptions: ParsableArguments {
    @Option(name: .long, help: "A profile from the shared config files (repeat for several accounts).")
    var profile: [String] = []

    @Option(name: .long, help: "A region to read (repeat for several).")
    var region: [String] = []

    @Option(name: .customLong("endpoint-url"), help: "Send every AWS request to this URL (e.g. a local peer).")
    var endpointURL: String?

    func validate() throws {
        if let issue = region.lazy.compactMap(ValueCheck.regionIssue).first {
            throw ValidationError("--region \(issue)")
        }
    }

    /// The endpoint flag as a URL.
    func endpoint() throws -> URL? { try Self.url(endpointURL) }

    /// An `--endpoint-url` value as a URL; nil when not given.
    static func url(_ endpointURL: String?) throws -> URL? {
        guard let endpointURL else { return nil }
        guard let url = URL(string: endpointURL), url.scheme != nil, url.host != nil else {
            throw ValidationError("--endpoint-url '\(endpointURL)' is not a URL with a scheme and a host")
        }
        return url
    }
}
