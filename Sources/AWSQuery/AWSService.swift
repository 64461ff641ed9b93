import Foundation

/// An AWS service plinv calls: how it is named, signed, versioned and reached, and which protocol it speaks
/// (Query, or JSON 1.1 when it has a target prefix).
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// A short name for logs and errors, e.g. `EC2`.
    public var name: String
    /// The service name in the SigV4 credential scope.
    public var signingName: String
    /// The `Version` parameter sent with every action.
    public var apiVersion: String
    /// The first label of the default endpoint host.
    public var endpointPrefix: String
    /// How list actions page through results.
    public var paging: PagingStyle
    /// The JSON 1.1 `X-Amz-Target` prefix (`AWSOrganizationsV20161128`); nil for a Query service.
    public var targetPrefix: String?
    /// The one region a global service is signed for and reached in, per partition (`aws` first); empty for a
    /// regional service.
    public var globalRegions: [String]

    public init(
        name: String, signingName: String, apiVersion: String, endpointPrefix: String, paging: PagingStyle,
        targetPrefix: String? = nil, globalRegions: [String] = []
    ) {
        self.name = name
        self.signingName = signingName
        self.apiVersion = apiVersion
        self.endpointPrefix = endpointPrefix
        self.paging = paging
        self.targetPrefix = targetPrefix
        self.globalRegions = globalRegions
    }

    /// Amazon EC2 (the `ec2` Query dialect).
    public static let ec2 = AWSService(
        name: "EC2", signingName: "ec2", apiVersion: "2016-11-15", endpointPrefix: "ec2", paging: .nextToken)
    /// Elastic Load Balancing v2 (ALB/NLB/GWLB).
    public static let elbv2 = AWSService(
        name: "ELBv2", signingName: "elasticloadbalancing", apiVersion: "2015-12-01",
        endpointPrefix: "elasticloadbalancing", paging: .marker)
    /// The Security Token Service (regional endpoint).
    public static let sts = AWSService(
        name: "STS", signingName: "sts", apiVersion: "2011-06-15", endpointPrefix: "sts", paging: .nextToken)
    /// AWS CloudFormation (read-only use: stacks, their resources, templates and exports).
    public static let cloudFormation = AWSService(
        name: "CloudFormation", signingName: "cloudformation", apiVersion: "2010-05-15",
        endpointPrefix: "cloudformation", paging: .nextTokenOnly)

    /// AWS Organizations (JSON 1.1; a global service signed in us-east-1, cn-northwest-1 or us-gov-west-1).
    public static let organizations = AWSService(
        name: "Organizations", signingName: "organizations", apiVersion: "2016-11-28", endpointPrefix: "organizations",
        paging: .nextTokenOnly, targetPrefix: "AWSOrganizationsV20161128",
        globalRegions: ["us-east-1", "cn-northwest-1", "us-gov-west-1"])

    public var description: String { name }

    /// The region requests are signed for from `region`: itself for a regional service, the partition's one
    /// region for a global one.
    public func signingRegion(for region: String) -> String {
        guard !globalRegions.isEmpty else { return region }
        if region.hasPrefix("cn-") { return globalRegions.first { $0.hasPrefix("cn-") } ?? region }
        if region.hasPrefix("us-gov-") { return globalRegions.first { $0.hasPrefix("us-gov-") } ?? region }
        return globalRegions[0]
    }

    /// The standard endpoint in `region`, from botocore's endpoint table (`amazonaws.com.cn` in China,
    /// `c2s.ic.gov` in `aws-iso`, `amazonaws.eu` in `aws-eusc`, …).
    public func defaultEndpoint(region: String) throws -> URL {
        try resolveEndpoint(region: region, variant: .standard).url
    }

    /// The endpoint of `variant` (FIPS, dual-stack) in `region` and the region to sign for.
    /// - Throws: `QueryError.invalidConfiguration` for a malformed region or a variant its partition lacks.
    public func resolveEndpoint(region: String, variant: EndpointVariant) throws -> ResolvedEndpoint {
        try EndpointTable.botocore.resolve(service: endpointPrefix, region: region, variant: variant)
    }
}

/// The request/response names a paginated action uses.
public struct PagingStyle: Sendable, Hashable {
    /// The request parameter carrying the token, e.g. `NextToken`.
    public var tokenParameter: String
    /// The response element carrying the next token, e.g. `nextToken`.
    public var tokenElement: String
    /// The request parameter carrying the page size, e.g. `MaxResults`; nil when the service sets the page size
    /// itself (CloudFormation's `DescribeStacks`, `ListStackResources`, `ListExports`).
    public var limitParameter: String?
    /// The largest page size the service allows (unused without a limit parameter).
    public var maxLimit: Int

    public init(tokenParameter: String, tokenElement: String, limitParameter: String?, maxLimit: Int) {
        self.tokenParameter = tokenParameter
        self.tokenElement = tokenElement
        self.limitParameter = limitParameter
        self.maxLimit = maxLimit
    }

    /// EC2 and most Query services: `NextToken` / `nextToken` / `MaxResults` ≤ 1000.
    public static let nextToken = PagingStyle(
        tokenParameter: "NextToken", tokenElement: "nextToken", limitParameter: "MaxResults", maxLimit: 1000)
    /// ELBv2: `Marker` / `NextMarker` / `PageSize` ≤ 400.
    public static let marker = PagingStyle(
        tokenParameter: "Marker", tokenElement: "NextMarker", limitParameter: "PageSize", maxLimit: 400)
    /// CloudFormation: `NextToken` / `NextToken`, no page-size parameter (pages end at the service's own size).
    public static let nextTokenOnly = PagingStyle(
        tokenParameter: "NextToken", tokenElement: "NextToken", limitParameter: nil, maxLimit: 1)
}
