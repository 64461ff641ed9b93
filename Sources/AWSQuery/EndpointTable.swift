import Foundation

/// Which endpoint of a service to use: FIPS-validated, dual-stack (IPv4 and IPv6), both or neither
/// (`AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint`, `AWS_USE_DUALSTACK_ENDPOINT` / `use_dualstack_endpoint`).
public struct EndpointVariant: Sendable, Hashable, CustomStringConvertible {
    /// A FIPS-validated endpoint.
    public var fips: Bool
    /// A dual-stack endpoint.
    public var dualStack: Bool

    public init(fips: Bool = false, dualStack: Bool = false) {
        self.fips = fips
        self.dualStack = dualStack
    }

    /// The plain IPv4 endpoint.
    public static let standard = EndpointVariant()

    public var description: String {
        switch (fips, dualStack) {
        case (false, false): return "standard"
        case (true, false): return "FIPS"
        case (false, true): return "dual-stack"
        case (true, true): return "FIPS dual-stack"
        }
    }

    /// The endpoints.json tags of this variant.
    var tags: Set<EndpointTable.Tag> {
        var tags: Set<EndpointTable.Tag> = []
        if fips { tags.insert(.fips) }
        if dualStack { tags.insert(.dualStack) }
        return tags
    }
}

/// A resolved endpoint: the hostname to send to and the region to sign for.
public struct ResolvedEndpoint: Sendable, Hashable {
    /// `https://<hostname>/`.
    public var url: URL
    /// The region of the SigV4 credential scope (`us-east-1` for `aws-global`, the real region of `fips-…`).
    public var signingRegion: String
    /// The partition the region belongs to (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, …).
    public var partition: String
}

/// botocore's endpoints.json, reduced to the services plinv calls (`GeneratedEndpoints.swift`,
/// from `scripts/gen_endpoints.py`), and its resolution rules (`EndpointResolver.construct_endpoint`).
public struct EndpointTable: Sendable {
    /// A variant tag of endpoints.json.
    public enum Tag: Sendable, Hashable { case fips, dualStack }

    /// A hostname template (`{service}-fips.{region}.{dnsSuffix}`) for a set of tags.
    public struct Variant: Sendable {
        var tags: Set<Tag>
        var hostname: String?
        var dnsSuffix: String?
    }

    /// One region's entry of a service.
    public struct Endpoint: Sendable {
        var hostname: String?
        var signingRegion: String?
        var variants: [Variant]
    }

    /// A service of one partition.
    public struct Service: Sendable {
        var hostname: String?
        var variants: [Variant]
        var partitionEndpoint: String?
        var isRegionalized: Bool
        var endpoints: [String: Endpoint]
    }

    /// A partition: its regions, DNS suffix and templates.
    public struct Partition: Sendable {
        var name: String
        var regionPattern: String
        var regions: [String]
        var dnsSuffix: String
        var hostname: String
        var variants: [Variant]
        var services: [String: Service]

        /// Whether `region` belongs here: listed, or matching the partition's pattern.
        func contains(_ region: String) -> Bool {
            if regions.contains(region) { return true }
            guard let regex = try? NSRegularExpression(pattern: regionPattern) else { return false }
            return regex.firstMatch(in: region, range: NSRange(region.startIndex..., in: region)) != nil
        }
    }

    /// The partitions in botocore's order (`aws` first: the fallback for an unknown region).
    public var partitions: [Partition]

    /// The endpoint of `service` (an endpoints.json key such as `ec2`, `portal.sso`) in `region`.
    ///
    /// As botocore: a `fips-` prefix or `-fips` suffix names the region with the FIPS variant; a region listed for
    /// the service, else one its partition lists or matches, else the `aws` partition decides; a non-regionalized
    /// service (Organizations) uses its partition endpoint. A variant the partition does not offer (dual-stack in
    /// `aws-iso`, `aws-iso-b`) is an error where botocore would guess an `aws`-partition host.
    /// - Throws: `QueryError.invalidConfiguration` for a malformed region or a variant the partition lacks.
    public func resolve(
        service: String, region requested: String, variant requestedVariant: EndpointVariant = .standard
    )
        throws -> ResolvedEndpoint
    {
        guard !requested.isEmpty, requested.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw QueryError.invalidConfiguration("region '\(requested)' is not a valid AWS region name")
        }
        var region = requested
        var variant = requestedVariant
        if region.hasPrefix("fips-") {
            region.removeFirst(5)
            variant.fips = true
        } else if region.hasSuffix("-fips") {
            region.removeLast(5)
            variant.fips = true
        }
        let partition =
            partitions.first { $0.services[service]?.endpoints[region] != nil || $0.regions.contains(region) }
            ?? partitions.first { $0.contains(region) } ?? partitions[0]
        let serviceData =
            partition.services[service]
            ?? Service(hostname: nil, variants: [], partitionEndpoint: nil, isRegionalized: true, endpoints: [:])
        var endpointRegion = region
        if serviceData.endpoints[region] == nil, !serviceData.isRegionalized,
            let global = serviceData.partitionEndpoint
        {
            endpointRegion = global
        }
        let entry = serviceData.endpoints[endpointRegion]
        let tags = variant.tags
        let template: String
        var dnsSuffix = partition.dnsSuffix
        if tags.isEmpty {
            template = entry?.hostname ?? serviceData.hostname ?? partition.hostname
        } else {
            let sources = [entry?.variants ?? [], serviceData.variants, partition.variants]
            guard let found = sources.lazy.compactMap({ $0.first { $0.tags == tags && $0.hostname != nil } }).first,
                let hostname = found.hostname
            else {
                throw QueryError.invalidConfiguration(
                    "\(service) has no \(variant) endpoint in \(requested) (partition \(partition.name))")
            }
            template = hostname
            if let suffix = found.dnsSuffix ?? partition.variants.first(where: { $0.tags == tags })?.dnsSuffix {
                dnsSuffix = suffix
            }
        }
        let hostname = template.replacingOccurrences(of: "{service}", with: service)
            .replacingOccurrences(of: "{region}", with: endpointRegion)
            .replacingOccurrences(of: "{dnsSuffix}", with: dnsSuffix)
        guard let url = URL(string: "https://\(hostname)/") else {
            throw QueryError.invalidConfiguration("no valid endpoint for \(service) in \(requested)")
        }
        let signingRegion = entry?.signingRegion ?? (serviceData.endpoints[region]?.signingRegion ?? region)
        return ResolvedEndpoint(url: url, signingRegion: signingRegion, partition: partition.name)
    }
}
