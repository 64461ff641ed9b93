import Foundation

/// What the caller knows about where a template is deployed: it feeds the pseudo parameters.
public struct TemplateContext: Sendable, Hashable {
    /// `AWS::AccountId`; nil leaves it unknown.
    public var account: String?
    /// `AWS::Region`; nil leaves it (and `AWS::Partition`, `AWS::URLSuffix`) unknown.
    public var region: String?
    /// `AWS::StackName`; nil leaves it unknown.
    public var stackName: String?
    /// What `Fn::GetAZs` returns for `region`; nil leaves `Fn::GetAZs` unknown.
    public var availabilityZones: [String]?
    /// CloudFormation exports of the scope (name → value), read with the deployed stacks: `Fn::ImportValue`
    /// of a name found here resolves; any other stays unknown.
    public var exports: [String: String]

    public init(
        account: String? = nil, region: String? = nil, stackName: String? = nil, availabilityZones: [String]? = nil,
        exports: [String: String] = [:]
    ) {
        self.account = account
        self.region = region
        self.stackName = stackName
        self.availabilityZones = availabilityZones
        self.exports = exports
    }

    /// The region's partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, …); nil when the region is unknown.
    public var partition: String? {
        region.map { Self.partition(of: $0).id }
    }

    /// The partition's DNS suffix (`amazonaws.com`, `amazonaws.com.cn`, `c2s.ic.gov`, …); nil when the region is unknown.
    public var urlSuffix: String? {
        region.map { Self.partition(of: $0).dnsSuffix }
    }

    /// The AWS partitions, with the region pattern and DNS suffix botocore's `endpoints.json` gives each
    /// (`PartitionTests` checks them, and every region botocore lists, against it).
    public static let partitions: [Partition] = [
        Partition(id: "aws", regionRegex: #"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$"#, dnsSuffix: "amazonaws.com"),
        Partition(id: "aws-cn", regionRegex: #"^cn\-\w+\-\d+$"#, dnsSuffix: "amazonaws.com.cn"),
        Partition(id: "aws-us-gov", regionRegex: #"^us\-gov\-\w+\-\d+$"#, dnsSuffix: "amazonaws.com"),
        Partition(id: "aws-iso", regionRegex: #"^us\-iso\-\w+\-\d+$"#, dnsSuffix: "c2s.ic.gov"),
        Partition(id: "aws-iso-b", regionRegex: #"^us\-isob\-\w+\-\d+$"#, dnsSuffix: "sc2s.sgov.gov"),
        Partition(id: "aws-iso-e", regionRegex: #"^eu\-isoe\-\w+\-\d+$"#, dnsSuffix: "cloud.adc-e.uk"),
        Partition(id: "aws-iso-f", regionRegex: #"^us\-isof\-\w+\-\d+$"#, dnsSuffix: "csp.hci.ic.gov"),
        Partition(id: "aws-eusc", regionRegex: #"^eusc\-(de)\-\w+\-\d+$"#, dnsSuffix: "amazonaws.eu"),
    ]

    /// The partition whose pattern `region` matches, else `aws` (as botocore does for unknown regions).
    static func partition(of region: String) -> Partition {
        partitions.first { $0.id != "aws" && $0.matches(region) } ?? partitions[0]
    }
}

/// One AWS partition: its id, the pattern of its region names, and the DNS suffix of its endpoints.
public struct Partition: Sendable, Hashable {
    /// `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, …: what `AWS::Partition` gives.
    public var id: String
    /// The regular expression botocore gives, e.g. `^cn\-\w+\-\d+$`.
    public var regionRegex: String
    /// What `AWS::URLSuffix` gives, e.g. `amazonaws.com.cn`.
    public var dnsSuffix: String

    public init(id: String, regionRegex: String, dnsSuffix: String) {
        self.id = id
        self.regionRegex = regionRegex
        self.dnsSuffix = dnsSuffix
    }

    /// Whether `region` matches `regionRegex`.
    func matches(_ region: String) -> Bool {
        region.range(of: regionRegex, options: .regularExpression) != nil
    }
}
