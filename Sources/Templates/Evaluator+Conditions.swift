import PrivateLinkModel

extension Evaluator {
    /// Whether the named condition holds; each condition is evaluated once, and loops are reported.
    mutating func condition(named name: String, at location: TemplateLocation) throws -> Truth {
        if let cached = conditionCache(name) { return cached }
        guard let node = conditionNodes[name] else {
            if !generated.conditionSources.isEmpty {
                let sources = generated.conditionSources.joined(separator: ", ")
                return .unknown(reason: "condition \(name) may be declared by \(sources), which plinv does not expand")
            }
            throw TemplateError.unresolvedReference("Condition \(name)", at: location)
        }
        if let start = conditionStackNames.firstIndex(of: name) {
            let cycle = Array(conditionStackNames[start...]) + [name]
            throw TemplateError.circularReference(cycle: cycle, at: location)
        }
        pushCondition(Located(name, at: location))
        defer { popCondition() }
        let truth = try truth(of: node)
        cacheCondition(name, truth)
        return truth
    }

    /// Evaluates a condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or `Condition`.
    mutating func truth(of node: TemplateNode) throws -> Truth {
        guard let entry = node.singleEntry else {
            throw TemplateError.invalidArguments(
                function: "a condition", expected: "Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
                at: node.location)
        }
        if entry.key == "Condition" {
            guard let name = entry.value.scalar?.stringValue else {
                throw TemplateError.invalidArguments(
                    function: "Condition", expected: "a condition name", at: entry.value.location)
            }
            return try condition(named: name, at: entry.value.location)
        }
        return try truth(ofFunction: entry.key, entry.value, at: node.location)
    }

    /// Evaluates one condition function applied to `argument`.
    mutating func truth(ofFunction name: String, _ argument: TemplateNode, at location: TemplateLocation) throws
        -> Truth
    {
        switch name {
        case "Fn::Equals":
            let elements = try arguments(argument, of: name, count: 2...2, expected: "a list of two values")
            let left = try requiredValue(elements[0], in: name).value
            let right = try requiredValue(elements[1], in: name).value
            guard let leftValue = left.jsonValue, let rightValue = right.jsonValue else {
                let reason = left.unknownReason ?? right.unknownReason ?? "a value is known only after deployment"
                return .unknown(reason: reason)
            }
            if let leftText = leftValue.scalarText, let rightText = rightValue.scalarText {
                return Truth(leftText == rightText)
            }
            return Truth(leftValue == rightValue)
        case "Fn::And", "Fn::Or":
            let elements = try arguments(argument, of: name, count: 2...10, expected: "a list of 2 to 10 conditions")
            let decisive: Truth = name == "Fn::And" ? .no : .yes
            // Every operand is evaluated (no short cut) so that a malformed one is always reported.
            var truths: [Truth] = []
            for element in elements { truths.append(try truth(of: element)) }
            if truths.contains(decisive) { return decisive }
            for case .unknown(let reason) in truths { return .unknown(reason: reason) }
            return name == "Fn::And" ? .yes : .no
        case "Fn::Not":
            let elements = try arguments(argument, of: name, count: 1...1, expected: "a list of one condition")
            switch try truth(of: elements[0]) {
            case .yes: return .no
            case .no: return .yes
            case .unknown(let reason): return .unknown(reason: reason)
            }
        default:
            throw TemplateError.invalidArguments(
                function: "a condition", expected: "Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, not \(name)",
                at: location)
        }
    }
}
