import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// Issue 9's end-to-end check of drift from deployed stacks: the article's scenario deployed through the peer's
/// CloudFormation, then changed out of band. `drift --stacks` (processed templates, deployed parameters, exports,
/// physical ids) must give the same findings as the template files with their parameters, every match by physical
/// id, and the access stack that imports the service stack's export must give no false finding.
@Suite struct StackDriftEndToEndTests {
    static let region = "eu-west-1"
    static let outsider = "arn:aws:iam::999999999999:root"
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/templates")

    /// The accounts and what `scripts/seed_stacks.py` deployed.
    struct Deployment {
        var peer: PeerInstance
        var provider: String
        var consumer: String
        var summary: JSONValue
        var directory: TemporaryDirectory

        var database: String { directory.file("plinv.sqlite").path }

        func plinv(_ arguments: [String]) async throws -> ProcessResult {
            try await PlinvBinary.run(arguments, environment: try await peer.environment(extra: ["PLINV_DB": database]))
        }

        func collect() async throws -> ProcessResult {
            try await plinv([
                "collect", "--stacks", "--endpoint-url", peer.url.absoluteString, "--region",
                StackDriftEndToEndTests.region,
                "--role-arn", "arn:aws:iam::\(provider):role/plinv-read", "--role-arn",
                "arn:aws:iam::\(consumer):role/plinv-read",
            ])
        }

        func seedScript(_ extra: [String]) async throws -> JSONValue {
            try JSONValue.parse(
                try await peer.runPython(
                    Peer.scriptsDirectory.appendingPathComponent("seed_stacks.py"),
                    arguments: [
                        "--endpoint-url", peer.url.absoluteString, "--provider-account", provider,
                        "--consumer-account", consumer, "--region", StackDriftEndToEndTests.region,
                    ] + extra))
        }

        /// The `--template` specs of the four stacks as files: the example templates and the split pair, each with
        /// the parameters its stack was deployed with.
        func fileSpecs() throws -> [String] {
            var specs: [String] = []
            for (key, account) in [
                ("provider", provider), ("consumer", consumer), ("service", provider), ("access", provider),
            ] {
                let stack = try #require(summary[key])
                let name = try #require(stack["stackName"]?.stringValue)
                let template: URL
                if let body = stack["template"]?.stringValue {
                    template = try directory.write(body, to: "\(name).yaml")
                } else {
                    template = Self.example(key == "provider" ? "provider.yaml" : "consumer.yaml")
                }
                let parameters = try directory.write(
                    String(decoding: (stack["parameters"] ?? .object([:])).canonicalData(), as: UTF8.self),
                    to: "\(name)-parameters.json")
                specs.append(
                    "\(template.path),stack=\(name),params=\(parameters.path),account=\(account),region=\(StackDriftEndToEndTests.region)"
                )
            }
            return specs
        }

        static func example(_ name: String) -> URL { StackDriftEndToEndTests.examples.appendingPathComponent(name) }
    }

    static func deploy() async throws -> Deployment {
        let peer = try await Peer.shared()
        var deployment = Deployment(
            peer: peer, provider: await peer.freshAccount(), consumer: await peer.freshAccount(), summary: .null,
            directory: try TemporaryDirectory(prefix: "plinv-stacks"))
        deployment.summary = try await deployment.seedScript([])
        return deployment
    }

    /// A finding reduced to what both desired-state sources must agree on.
    struct Key: Hashable, CustomStringConvertible {
        var rule: String
        var account: String
        var logicalId: String?
        var attribute: String?
        var resourceId: String
        var description: String { "\(rule) \(account) \(logicalId ?? "-") \(attribute ?? "-") \(resourceId)" }
    }

    static func findings(_ result: ProcessResult) throws -> [JSONValue] {
        try JSONValue.parse(result.stdout)["findings"]?.arrayValue ?? []
    }

    static func keys(_ findings: [JSONValue]) -> Set<Key> {
        Set(
            findings.map {
                Key(
                    rule: $0["rule"]?.stringValue ?? "", account: $0["account"]?.stringValue ?? "",
                    logicalId: $0["logicalId"]?.stringValue, attribute: $0["attribute"]?.stringValue,
                    resourceId: $0["resourceId"]?.stringValue ?? "")
            })
    }

    @Test func deployedStacksGiveTheSameFindingsAsTheTemplateFilesMatchedByPhysicalId() async throws {
        let deployment = try await Self.deploy()
        defer { deployment.directory.remove() }
        let first = try await deployment.collect()
        try #require(first.status == 0, "\(first.stderrText)")

        // As deployed: no drift, everything verified, and the imported service id resolves through the export.
        let clean = try await deployment.plinv(["drift", "--stacks", "--format", "json"])
        let cleanDocument = try JSONValue.parse(clean.stdout)
        let cleanKeys = Self.keys(try Self.findings(clean))
        #expect(clean.status == 0, "\(cleanKeys)")
        #expect(cleanDocument["coverage"]?["notVerified"] == .integer(0), "\(cleanDocument["notVerified"] ?? .null)")
        let cleanFiles = try await deployment.plinv(
            ["drift", "--format", "json"] + (try deployment.fileSpecs()).flatMap { ["--template", $0] })
        let cleanFileKeys = Self.keys(try Self.findings(cleanFiles))
        #expect(cleanFiles.status == 0, "\(cleanFileKeys)")

        _ = try await deployment.seedScript([
            "--mutate", "add-principal,acceptance-off,widen-sg,delete-endpoint,unmanaged-endpoint",
            "--extra-principal", Self.outsider,
        ])
        let second = try await deployment.collect()
        try #require(second.status == 0, "\(second.stderrText)")

        let fromStacks = try await deployment.plinv(["drift", "--stacks", "--format", "json"])
        #expect(fromStacks.status == 2)
        let stackFindings = try Self.findings(fromStacks)
        let fromFiles = try await deployment.plinv(
            ["drift", "--format", "json"] + (try deployment.fileSpecs()).flatMap { ["--template", $0] })
        #expect(fromFiles.status == 2)
        let fileFindings = try Self.findings(fromFiles)
        #expect(Self.keys(stackFindings) == Self.keys(fileFindings))

        // Each out-of-band change exactly once, with its logical id.
        let keys = Self.keys(stackFindings)
        #expect(keys.filter { $0.rule == "drift.principal.extra" }.map(\.account) == [deployment.provider])
        #expect(
            keys.contains {
                $0.rule == "drift.changed" && $0.logicalId == "EndpointService" && $0.attribute == "AcceptanceRequired"
            })
        #expect(keys.contains { $0.rule == "drift.rule.extra" && $0.logicalId == "EC2VpcEndpointSG" })
        #expect(keys.filter { $0.rule == "drift.missing" }.map(\.logicalId) == ["OrdersVpcEndpoint"])
        #expect(keys.filter { $0.rule == "drift.unmanaged" }.count == 1)
        // The access stack imports the service id: its principal is declared, so no "extra" on the shared service.
        #expect(
            !stackFindings.contains {
                $0["resourceId"]?.stringValue?.hasPrefix("vpce-svc") == true
                    && $0["rule"] == .string("drift.principal.extra") && $0["logicalId"] == .string("SharedService")
            })

        // With stacks every match is exact: no finding rests on a natural-key guess.
        let methods = Set(stackFindings.compactMap { $0["matchedBy"]?.stringValue })
        #expect(methods.contains("physicalId"))
        #expect(methods.isSubset(of: ["physicalId", "service"]), "\(methods)")
        for finding in stackFindings where finding["rule"] == .string("drift.missing") {
            #expect(finding["source"]?["file"]?.stringValue?.hasPrefix("stack:\(deployment.consumer)/") == true)
        }
    }

    @Test func driftStacksOnASnapshotWithoutStacksSaysHowToCollectThem() async throws {
        let deployment = try await Self.deploy()
        defer { deployment.directory.remove() }
        let collected = try await deployment.plinv([
            "collect", "--endpoint-url", deployment.peer.url.absoluteString, "--region", Self.region,
            "--role-arn", "arn:aws:iam::\(deployment.provider):role/plinv-read",
        ])
        try #require(collected.status == 0, "\(collected.stderrText)")
        let result = try await deployment.plinv(["drift", "--stacks"])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("collect --stacks"))
    }
}
