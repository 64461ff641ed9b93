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

    /// `aws`, `aws-cn` or `aws-us-gov`, from the region; nil when the region is unknown.
    public var partition: String? {
        guard let region else { return nil }
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// `amazonaws.com`, or `amazonaws.com.cn` in China regions; nil when the region is unknown.
    public var urlSuffix: String? {
        guard let partition else { return nil }
        return partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
    }
}
