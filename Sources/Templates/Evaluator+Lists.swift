import PrivateLinkModel

extension Evaluator {
    /// `Fn::Select [Index, List]`.
    mutating func select(_ argument: TemplateNode, at location: TemplateLocation) throws -> Located<DesiredValue>? {
        let elements = try arguments(argument, of: "Fn::Select", count: 2...2, expected: "[Index, List]")
        let indexValue = try requiredValue(elements[0], in: "Fn::Select")
        let list = try requiredValue(elements[1], in: "Fn::Select")
        guard let indexJSON = indexValue.value.jsonValue else {
            return Located(
                .unknown(reason: indexValue.value.unknownReason ?? "Fn::Select index known only after deployment"),
                at: location)
        }
        guard let index = indexJSON.intValue ?? indexJSON.stringValue.flatMap({ Int($0) }) else {
            throw TemplateError.invalidArguments(
                function: "Fn::Select", expected: "an integer index", at: elements[0].location)
        }
        switch list.value {
        case .list(let items):
            guard items.indices.contains(index) else {
                throw TemplateError.invalidArguments(
                    function: "Fn::Select",
                    expected: "an index within the list's \(items.count) elements, not \(index)",
                    at: elements[0].location)
            }
            return Located(items[index].value, at: location)
        case .unknown(let reason):
            return Located(.unknown(reason: reason), at: location)
        case .reference(let reference):
            return Located(
                .unknown(reason: "Fn::Select from \(reference), a list known only after deployment"), at: location)
        case .known, .object, .text:
            throw TemplateError.invalidArguments(
                function: "Fn::Select", expected: "a list to select from", at: elements[1].location)
        }
    }

    /// `Fn::GetAZs Region`: the caller's availability zones for its own region, else unknown.
    mutating func getAZs(_ argument: TemplateNode, at location: TemplateLocation) throws -> Located<DesiredValue> {
        // `Fn::GetAZs: null` (JSON) or an empty YAML value means the stack's region, as `''` does.
        let region =
            argument.scalar == .null
            ? Located(DesiredValue.known(.string("")), at: argument.location)
            : try requiredValue(argument, in: "Fn::GetAZs")
        switch region.value {
        case .known(.string(let name)):
            let asked = name.isEmpty ? context.region : name
            guard let zones = context.availabilityZones, let asked, asked == context.region else {
                return Located(
                    .unknown(
                        reason: "Fn::GetAZs: the availability zones of \(asked ?? "the stack's region") were not given"),
                    at: location)
            }
            return Located(.list(zones.map { Located(.known(.string($0)), at: location) }), at: location)
        case .unknown(let reason):
            return Located(.unknown(reason: reason), at: location)
        default:
            throw TemplateError.invalidArguments(
                function: "Fn::GetAZs", expected: "a region name or ''", at: argument.location)
        }
    }

    /// `Fn::FindInMap [MapName, TopLevelKey, SecondLevelKey]`, with the optional `{DefaultValue: …}`.
    mutating func findInMap(_ argument: TemplateNode, at location: TemplateLocation) throws -> Located<DesiredValue>? {
        let expected = "[MapName, TopLevelKey, SecondLevelKey]"
        let elements = try arguments(argument, of: "Fn::FindInMap", count: 3...4, expected: expected)
        var keys: [String] = []
        for element in elements.prefix(3) {
            let key = try requiredValue(element, in: "Fn::FindInMap").value
            guard let json = key.jsonValue else {
                return Located(
                    .unknown(reason: "Fn::FindInMap key: \(key.unknownReason ?? "known only after deployment")"),
                    at: location)
            }
            guard let text = json.scalarText else {
                throw TemplateError.invalidArguments(
                    function: "Fn::FindInMap", expected: "string keys", at: element.location)
            }
            keys.append(text)
        }
        guard let map = mappings[keys[0]] else {
            if let include = generated.mappingIncludes.first {
                return Located(
                    .unknown(
                        reason:
                            "Fn::FindInMap: mapping \(keys[0]) may come from \(include), expanded by CloudFormation at deploy time"
                    ),
                    at: location)
            }
            throw TemplateError.unresolvedReference("Fn::FindInMap: mapping \(keys[0])", at: location)
        }
        if let node = map[keys[1]]?.value[keys[2]]?.value {
            return try value(node).map { Located($0.value, at: location) }
        }
        if elements.count == 4 {
            guard let fallback = elements[3]["DefaultValue"]?.value else {
                throw TemplateError.invalidArguments(
                    function: "Fn::FindInMap", expected: "{DefaultValue: …} as fourth element",
                    at: elements[3].location)
            }
            return try value(fallback).map { Located($0.value, at: location) }
        }
        if let include = map["Fn::Transform"] {
            let described = IntrinsicFunction.describeTransform(include.value)
            return Located(
                .unknown(
                    reason:
                        "Fn::FindInMap: \(keys.joined(separator: ".")) may come from \(described) in mapping \(keys[0]), "
                        + "expanded by CloudFormation at deploy time"), at: location)
        }
        throw TemplateError.unresolvedReference("Fn::FindInMap: \(keys.joined(separator: "."))", at: location)
    }

    /// `Fn::Cidr [IpBlock, Count, CidrBits]`, computed offline.
    mutating func cidr(_ argument: TemplateNode, at location: TemplateLocation) throws -> Located<DesiredValue> {
        let elements = try arguments(argument, of: "Fn::Cidr", count: 3...3, expected: "[IpBlock, Count, CidrBits]")
        var known: [String] = []
        for element in elements {
            let value = try requiredValue(element, in: "Fn::Cidr").value
            guard let json = value.jsonValue else {
                return Located(
                    .unknown(reason: "Fn::Cidr: \(value.unknownReason ?? "the block is known only after deployment")"),
                    at: location)
            }
            guard let text = json.scalarText else {
                throw TemplateError.invalidArguments(
                    function: "Fn::Cidr", expected: "[IpBlock, Count, CidrBits]", at: element.location)
            }
            known.append(text)
        }
        guard let count = Int(known[1]), let bits = Int(known[2]) else {
            throw TemplateError.invalidArguments(
                function: "Fn::Cidr", expected: "integer Count and CidrBits", at: argument.location)
        }
        let blocks: [String]
        do {
            blocks = try CIDRBlock(known[0]).subnets(count: count, hostBits: bits)
        } catch let problem as CIDRBlock.Problem {
            throw TemplateError.invalidArguments(function: "Fn::Cidr", expected: problem.message, at: argument.location)
        }
        return Located(.list(blocks.map { Located(.known(.string($0)), at: location) }), at: location)
    }
}
