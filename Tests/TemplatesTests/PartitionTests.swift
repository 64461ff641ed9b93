import Foundation
import PrivateLinkModel
import Testing
@testable import Templates

/// `AWS::Partition` and `AWS::URLSuffix` for every region botocore lists (Fixtures/partitions.json, made by
/// `scripts/partitions_fixture.py` from botocore's endpoints.json).
@Suite struct PartitionTests {
    struct Partition: Sendable, CustomStringConvertible {
        var id: String
        var regionRegex: String
        var dnsSuffix: String
        var regions: [String]
        var description: String { id }
    }

    static let partitions: [Partition] = {
        guard let data = try? Data(contentsOf: Fixture.url("partitions.json")),
            let document = try? JSONValue.parse(data),
            let list = document["partitions"]?.arrayValue
        else { return [] }
        return list.compactMap { entry in
            guard let id = entry["partition"]?.stringValue, let regex = entry["regionRegex"]?.stringValue,
                let suffix = entry["dnsSuffix"]?.stringValue, let regions = entry["regions"]?.arrayValue
            else { return nil }
            return Partition(id: id, regionRegex: regex, dnsSuffix: suffix, regions: regions.compactMap(\.stringValue))
        }
    }()

    @Test func theFixtureListsThePartitionsTheIssueNames() {
        let ids = Set(Self.partitions.map(\.id))
        #expect(
            ids.isSuperset(of: [
                "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
            ]))
    }

    @Test(arguments: partitions)
    func everyListedRegionGetsItsPartitionAndSuffix(_ partition: Partition) {
        for region in partition.regions {
            let context = TemplateContext(region: region)
            #expect(context.partition == partition.id, "\(region)")
            #expect(context.urlSuffix == partition.dnsSuffix, "\(region)")
        }
    }

    /// A region launched after botocore's list still matches its partition's pattern.
    @Test(arguments: partitions)
    func anUnlistedRegionMatchingThePatternGetsThePartition(_ partition: Partition) throws {
        let listed = try #require(partition.regions.first)
        let future = String(listed.dropLast(listed.reversed().prefix { $0.isNumber }.count)) + "97"
        #expect(future.range(of: partition.regionRegex, options: .regularExpression) != nil, "\(future)")
        #expect(TemplateContext(region: future).partition == partition.id, "\(future)")
        #expect(TemplateContext(region: future).urlSuffix == partition.dnsSuffix, "\(future)")
    }

    @Test func theBuiltInTableIsBotocores() {
        let builtIn = TemplateContext.partitions.map { "\($0.id) \($0.regionRegex) \($0.dnsSuffix)" }.sorted()
        let botocore = Self.partitions.map { "\($0.id) \($0.regionRegex) \($0.dnsSuffix)" }.sorted()
        #expect(builtIn == botocore)
    }

    @Test func pseudoParametersFollowThePartition() throws {
        let text =
            "Resources:\n  A:\n    Type: T\n    Properties:\n      Arn: !Sub 'arn:${AWS::Partition}:s3:::b'\n      Host: !Sub 's3.${AWS::URLSuffix}'\n"
        let loaded = try Fixture.loadText(text, context: TemplateContext(account: "1", region: "us-isob-east-1"))
        #expect(loaded.value("A", "Arn")?.value == .known(.string("arn:aws-iso-b:s3:::b")))
        #expect(loaded.value("A", "Host")?.value == .known(.string("s3.sc2s.sgov.gov")))
    }
}
