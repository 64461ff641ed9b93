import Foundation
import TestSupport
import Testing

@testable import AWSQuery

/// The generated endpoint table against botocore itself: for every region and FIPS/dual-stack variant botocore lists
/// for ec2, elasticloadbalancing, sts, organizations and cloudformation, plinv's hostname is botocore's.
@Suite struct EndpointResolverTests {
    /// botocore's answers, computed now by `Fixtures/botocore_endpoints.py` with the installed botocore.
    struct Oracle: Decodable {
        struct Record: Decodable {
            var service: String
            var region: String
            var fips: Bool
            var dualstack: Bool
            var partition: String
            var url: String?
            var error: String?
        }
        var unsupportedDualStackPartitions: [String]
        var records: [Record]
    }

    static func oracle() throws -> Oracle {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/botocore_endpoints.py").path
        let result = try runProcessBlocking(
            executable: ProcessInfo.processInfo.environment["PYTHON"] ?? "python3", arguments: [script])
        return try JSONDecoder().decode(Oracle.self, from: result.stdout)
    }

    @Test func everyRegionAndVariantBotocoreListsResolvesToBotocoresHostname() throws {
        let oracle = try Self.oracle()
        #expect(oracle.records.count > 500)
        var compared = 0
        var refusedLikeBotocore = 0
        for record in oracle.records {
            let variant = EndpointVariant(fips: record.fips, dualStack: record.dualstack)
            let label = "\(record.service) \(record.region) \(variant)"
            let resolved = Result {
                try EndpointTable.botocore.resolve(service: record.service, region: record.region, variant: variant)
            }
            guard let url = record.url else {
                // botocore refuses the variant (EndpointVariantError): so does plinv.
                if case .success(let endpoint) = resolved {
                    Issue.record("\(label): botocore refuses, plinv gives \(endpoint.url)")
                }
                refusedLikeBotocore += 1
                continue
            }
            if record.dualstack, oracle.unsupportedDualStackPartitions.contains(record.partition) {
                // botocore skips these partitions for dual-stack and builds an `aws`-partition host (…api.aws) that
                // its own endpoints.json does not list: plinv refuses instead of guessing.
                #expect(url.hasSuffix(".api.aws"), "\(label): \(url)")
                if case .success(let endpoint) = resolved { Issue.record("\(label): plinv guessed \(endpoint.url)") }
                continue
            }
            switch resolved {
            case .success(let endpoint):
                #expect(endpoint.url.absoluteString == url + "/", "\(label)")
                #expect(endpoint.partition == record.partition, "\(label)")
                compared += 1
            case .failure(let error):
                Issue.record("\(label): botocore gives \(url), plinv fails: \(error)")
            }
        }
        #expect(compared > 900)
        #expect(refusedLikeBotocore > 0)
    }

    @Test func everyPartitionIsInTheTable() {
        let names = Set(EndpointTable.botocore.partitions.map(\.name))
        for name in ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] {
            #expect(names.contains(name), "\(name)")
        }
    }

    @Test func aRegionBotocoreDoesNotListYetResolvesByItsPartitionPattern() throws {
        let cn = try AWSService.ec2.resolveEndpoint(region: "cn-south-9", variant: .standard)
        #expect(cn.url.absoluteString == "https://ec2.cn-south-9.amazonaws.com.cn/")
        #expect(cn.partition == "aws-cn")
        let gov = try AWSService.sts.resolveEndpoint(
            region: "us-gov-north-7", variant: .init(fips: true, dualStack: true))
        #expect(gov.url.absoluteString == "https://sts-fips.us-gov-north-7.api.aws/")
    }

    @Test func organizationsIsGlobalAndSignsForItsPartitionsHomeRegion() throws {
        let resolved = try EndpointTable.botocore.resolve(service: "organizations", region: "eu-west-3")
        #expect(resolved.url.absoluteString == "https://organizations.us-east-1.amazonaws.com/")
        #expect(resolved.signingRegion == "us-east-1")
        let fipsPseudoRegion = try EndpointTable.botocore.resolve(service: "ec2", region: "fips-us-west-2")
        #expect(fipsPseudoRegion.url.absoluteString == "https://ec2-fips.us-west-2.amazonaws.com/")
        #expect(fipsPseudoRegion.signingRegion == "us-west-2")
    }

    @Test func malformedRegionsAreRefused() {
        for region in ["", "us east 1", "us-east-1/evil", "ü-east-1"] {
            #expect(throws: QueryError.self, "\(region)") { try AWSService.ec2.defaultEndpoint(region: region) }
        }
    }

    @Test func theCommittedTableIsWhatTheGeneratorWritesFromTheInstalledBotocore() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let result = try runProcessBlocking(
            executable: ProcessInfo.processInfo.environment["PYTHON"] ?? "python3",
            arguments: [root.appendingPathComponent("scripts/gen_endpoints.py").path, "--check"])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
    }
}
