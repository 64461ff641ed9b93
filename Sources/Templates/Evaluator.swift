import PrivateLinkModel

/// Applies intrinsic functions, parameters, pseudo parameters and conditions to template nodes.
///
/// `value(_:)` returns nil for `AWS::NoValue`: the caller drops the property or list element.
struct Evaluator {
    let context: TemplateContext
    let parameters: [String: ResolvedParameter]
    let mappings: [String: TemplateNode]
    let conditionNodes: [String: TemplateNode]
    /// Every resource the template declares, by logical id, with its type.
    let resourceTypes: [String: String]
    /// What may declare resources the text does not (transforms, modules, unexpanded loops).
    var generated: GeneratedNames
    /// Resources left out because their condition is false, with that condition's name.
    var excluded: [String: String] = [:]
    /// Resources referenced since the last reset: the dependency edges for cycle detection.
    var referenced: [Located<String>] = []
    private var conditionResults: [String: Truth] = [:]
    private var conditionStack: [Located<String>] = []

    /// The cached result of a condition already evaluated.
    func conditionCache(_ name: String) -> Truth? { conditionResults[name] }
    /// Names of the conditions being evaluated, outermost first.
    var conditionStackNames: [String] { conditionStack.map(\.value) }
    mutating func pushCondition(_ name: Located<String>) { conditionStack.append(name) }
    mutating func popCondition() { conditionStack.removeLast() }
    mutating func cacheCondition(_ name: String, _ truth: Truth) { conditionResults[name] = truth }

    init(context: TemplateContext, parameters: [String: ResolvedParameter], document: TemplateDocument) {
        self.init(
            context: context, parameters: parameters, mappings: document.mappings, conditions: document.conditions,
            resourceTypes: Dictionary(
                document.resources.map { ($0.logicalId, $0.type) }, uniquingKeysWith: { first, _ in first }),
            generated: document.generated)
    }

    init(
        context: TemplateContext, parameters: [String: ResolvedParameter], mappings: [String: TemplateNode],
        conditions: [String: TemplateNode] = [:], resourceTypes: [String: String] = [:],
        generated: GeneratedNames = GeneratedNames()
    ) {
        self.context = context
        self.parameters = parameters
        self.mappings = mappings
        self.conditionNodes = conditions
        self.resourceTypes = resourceTypes
        self.generated = generated
    }

    /// The desired value of a node; nil when it is (or resolves to) `AWS::NoValue`.
    mutating func value(_ node: TemplateNode) throws -> Located<DesiredValue>? {
        if let entry = node.singleEntry, entry.key == "Ref" || entry.key.hasPrefix("Fn::") {
            return try intrinsic(entry.key, entry.value, at: node.location)
        }
        switch node.content {
        case .scalar(let scalar):
            return Located(.known(scalar), at: node.location)
        case .sequence(let elements):
            var values: [Located<DesiredValue>] = []
            for element in elements {
                if let value = try value(element) { values.append(value) }
            }
            return Located(.list(values), at: node.location)
        case .mapping(let entries):
            var members: [String: Located<DesiredValue>] = [:]
            for entry in entries {
                if let value = try value(entry.value) { members[entry.key] = value }
            }
            return Located(.object(members), at: node.location)
        }
    }

    /// The value of a node that must not be `AWS::NoValue`.
    mutating func requiredValue(_ node: TemplateNode, in function: String) throws -> Located<DesiredValue> {
        guard let value = try value(node) else {
            throw TemplateError.invalidArguments(
                function: function, expected: "a value, not AWS::NoValue", at: node.location)
        }
        return value
    }

    private mutating func intrinsic(_ name: String, _ argument: TemplateNode, at location: TemplateLocation) throws
        -> Located<DesiredValue>?
    {
        func located(_ value: DesiredValue) -> Located<DesiredValue> { Located(value, at: location) }
        switch name {
        case "Ref": return try ref(argument, at: location)
        case "Fn::GetAtt": return located(try getAtt(argument, at: location))
        case "Fn::If": return try ifValue(argument, at: location)
        case "Fn::Sub": return located(try sub(argument, at: location))
        case "Fn::Join": return located(try join(argument, at: location))
        case "Fn::Split": return try split(argument, at: location)
        case "Fn::Select": return try select(argument, at: location)
        case "Fn::GetAZs": return try getAZs(argument, at: location)
        case "Fn::FindInMap": return try findInMap(argument, at: location)
        case "Fn::Cidr": return try cidr(argument, at: location)
        case "Fn::Base64": return located(try base64(argument, at: location))
        case "Fn::ImportValue": return located(try importValue(argument))
        case "Fn::Transform":
            return located(
                .unknown(
                    reason:
                        "\(IntrinsicFunction.describeTransform(argument)) is expanded by CloudFormation at deploy time")
            )
        case "Fn::GetStackOutput": return located(try stackOutput(argument, at: location))
        case "Fn::Length": return located(try length(argument))
        case "Fn::ToJsonString": return located(try toJSONString(argument))
        case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
            switch try truth(ofFunction: name, argument, at: location) {
            case .yes: return located(.known(.bool(true)))
            case .no: return located(.known(.bool(false)))
            case .unknown(let reason): return located(.unknown(reason: reason))
            }
        default:
            throw TemplateError.unknownFunction(name, at: location)
        }
    }

    /// The argument as a list of exactly `count` nodes (or `range` of counts).
    func arguments(_ argument: TemplateNode, of function: String, count range: ClosedRange<Int>, expected: String)
        throws -> [TemplateNode]
    {
        guard let elements = argument.elements, range.contains(elements.count) else {
            throw TemplateError.invalidArguments(function: function, expected: expected, at: argument.location)
        }
        return elements
    }

    /// Records that the value being evaluated depends on `logicalId`, after checking it will exist.
    mutating func noteReference(to logicalId: String, at location: TemplateLocation) throws -> ResourceReference? {
        guard let type = resourceTypes[logicalId] else { return nil }
        if let condition = conditionStackNames.last {
            throw TemplateError.invalidTemplate(
                message:
                    "condition \(condition) refers to resource \(logicalId); conditions may use only parameters, mappings and pseudo parameters",
                at: location)
        }
        if let condition = excluded[logicalId] {
            throw TemplateError.invalidTemplate(
                message: "\(logicalId) is referenced but not created: its condition \(condition) is false", at: location
            )
        }
        referenced.append(Located(logicalId, at: location))
        return ResourceReference(logicalId: logicalId, resourceType: type)
    }

    private mutating func ref(_ argument: TemplateNode, at location: TemplateLocation) throws -> Located<DesiredValue>?
    {
        if generated.languageExtensions, argument.scalar == nil, let name = try intrinsicName(argument, in: "Ref") {
            if case .unknown(let reason) = name {
                return Located(.unknown(reason: "the name in Ref is unknown: \(reason)"), at: location)
            }
            guard case .known(.string(let text)) = name, text != "AWS::NoValue" else {
                throw TemplateError.invalidArguments(
                    function: "Ref", expected: "the name of a parameter or resource", at: argument.location)
            }
            return Located(try namedValue(text, in: "Ref", at: location), at: location)
        }
        guard let name = argument.scalar?.stringValue else {
            throw TemplateError.invalidArguments(
                function: "Ref", expected: "the name of a parameter or resource", at: argument.location)
        }
        if name == "AWS::NoValue" { return nil }
        return Located(try namedValue(name, in: "Ref", at: location), at: location)
    }

    /// What `Ref name` (or `${name}` in `Fn::Sub`) stands for: a pseudo parameter, parameter or resource.
    mutating func namedValue(_ name: String, in function: String, at location: TemplateLocation) throws -> DesiredValue
    {
        if name.hasPrefix("AWS::") { return try pseudoParameter(name, at: location) }
        if let parameter = parameters[name] {
            switch parameter.value {
            case .string(let text): return .known(.string(text))
            case .list(let items): return .list(items.map { Located(.known(.string($0)), at: location) })
            case .unknown(let reason): return .unknown(reason: reason)
            }
        }
        if let reference = try noteReference(to: name, at: location) { return .reference(reference) }
        if let reason = generated.reason(for: name) { return .unknown(reason: reason) }
        throw TemplateError.unresolvedReference(function == "Ref" ? name : "\(function) \(name)", at: location)
    }

    private func pseudoParameter(_ name: String, at location: TemplateLocation) throws -> DesiredValue {
        func given(_ value: String?, _ what: String) -> DesiredValue {
            value.map { .known(.string($0)) } ?? .unknown(reason: "\(name) is unknown: no \(what) was given")
        }
        switch name {
        case "AWS::Region": return given(context.region, "region")
        case "AWS::AccountId": return given(context.account, "account")
        case "AWS::StackName": return given(context.stackName, "stack name")
        case "AWS::Partition": return given(context.partition, "region")
        case "AWS::URLSuffix": return given(context.urlSuffix, "region")
        case "AWS::StackId", "AWS::NotificationARNs":
            return .unknown(reason: "\(name) is assigned by CloudFormation at deploy time")
        case "AWS::NoValue":
            throw TemplateError.invalidArguments(
                function: "Fn::Sub", expected: "a string, not AWS::NoValue", at: location)
        default:
            throw TemplateError.unresolvedReference(name, at: location)
        }
    }

    private mutating func getAtt(_ argument: TemplateNode, at location: TemplateLocation) throws -> DesiredValue {
        let expected = "[LogicalId, Attribute] or LogicalId.Attribute"
        let logicalId: String
        let attributeValue: DesiredValue
        if let text = argument.scalar?.stringValue, let dot = text.firstIndex(of: ".") {
            logicalId = String(text[..<dot])
            attributeValue = .known(.string(String(text[text.index(after: dot)...])))
        } else {
            let elements = try arguments(argument, of: "Fn::GetAtt", count: 2...2, expected: expected)
            // With AWS::LanguageExtensions the logical id may itself be an intrinsic (`!Sub "${Name}Topic"`).
            let idValue =
                generated.languageExtensions && elements[0].scalar == nil
                ? try intrinsicName(elements[0], in: "Fn::GetAtt") : nil
            if let reason = idValue?.unknownReason {
                return .unknown(reason: "the logical id of Fn::GetAtt is unknown: \(reason)")
            }
            guard let id = elements[0].scalar?.stringValue ?? idValue?.jsonValue?.stringValue else {
                throw TemplateError.invalidArguments(
                    function: "Fn::GetAtt", expected: expected, at: elements[0].location)
            }
            logicalId = id
            attributeValue = try requiredValue(elements[1], in: "Fn::GetAtt").value
        }
        guard var reference = try noteReference(to: logicalId, at: location) else {
            if let reason = generated.reason(for: logicalId) { return .unknown(reason: reason) }
            throw TemplateError.unresolvedReference("Fn::GetAtt \(logicalId)", at: location)
        }
        switch attributeValue {
        case .known(.string(let attribute)) where !attribute.isEmpty:
            reference.attribute = attribute
            return .reference(reference)
        case .unknown(let reason):
            return .unknown(reason: "the attribute name of Fn::GetAtt \(logicalId) is unknown: \(reason)")
        default:
            throw TemplateError.invalidArguments(function: "Fn::GetAtt", expected: expected, at: argument.location)
        }
    }

    /// The value of an intrinsic function written where a name is expected (AWS::LanguageExtensions allows it);
    /// nil when `node` is not an intrinsic function call.
    private mutating func intrinsicName(_ node: TemplateNode, in function: String) throws -> DesiredValue? {
        guard let entry = node.singleEntry, entry.key == "Ref" || entry.key.hasPrefix("Fn::") else { return nil }
        return try requiredValue(node, in: function).value
    }

    private mutating func ifValue(_ argument: TemplateNode, at location: TemplateLocation) throws -> Located<
        DesiredValue
    >? {
        let elements = try arguments(
            argument, of: "Fn::If", count: 3...3, expected: "[ConditionName, ValueIfTrue, ValueIfFalse]")
        guard let name = elements[0].scalar?.stringValue else {
            throw TemplateError.invalidArguments(
                function: "Fn::If", expected: "a condition name first", at: elements[0].location)
        }
        switch try condition(named: name, at: elements[0].location) {
        case .yes: return try value(elements[1])
        case .no: return try value(elements[2])
        case .unknown(let reason):
            return Located(.unknown(reason: "condition \(name) is undecided: \(reason)"), at: location)
        }
    }
}
