import PrivateLinkModel

/// Expands `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]` loops
/// (`Transform: AWS::LanguageExtensions`) in Resources, Conditions and Outputs and anywhere inside them,
/// before the template is read: each item of the collection gives one copy of the fragment, with every
/// `${Identifier}`/`&{Identifier}` in its keys and strings (`Fn::Sub` included) and every `Ref Identifier` replaced.
///
/// A collection not known offline leaves its loop unexpanded and is recorded as not evaluated; a malformed
/// loop is an error naming it. Without the transform any loop is an error naming the missing transform.
struct ForEachExpander {
    /// Loops left unexpanded, each with where and why.
    private(set) var notEvaluated: [NotEvaluatedPart] = []
    /// Names of unexpanded loops that would have declared resources, or conditions.
    private(set) var unexpandedResourceLoops: [String] = []
    private(set) var unexpandedConditionLoops: [String] = []

    private let enabled: Bool
    private var evaluator: Evaluator
    static let prefix = "Fn::ForEach::"
    private static let expected = "[Identifier, Collection, {OutputKey: OutputValue}]"

    /// Which section a mapping belongs to, and the resource it is in (for not-evaluated parts).
    private struct Place {
        var section: String
        var isSectionRoot: Bool
        var owner: String?

        /// The same section, one level down.
        func inside(owner: String?) -> Place {
            Place(section: section, isSectionRoot: false, owner: owner)
        }
    }

    init(root: TemplateNode, parameters: [String: ResolvedParameter], context: TemplateContext) {
        let transform = root["Transform"]?.value
        let names = (transform.map { $0.elements ?? [$0] } ?? []).compactMap(\.text)
        enabled = names.contains(TemplateDocument.languageExtensions)
        func literalEntries(_ section: String) -> [TemplateNode.Entry] {
            (root[section]?.value.entries ?? []).filter { !$0.key.hasPrefix(Self.prefix) }
        }
        evaluator = Evaluator(
            context: context, parameters: parameters,
            mappings: Dictionary(
                literalEntries("Mappings").map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }),
            conditions: Dictionary(
                literalEntries("Conditions").map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }),
            resourceTypes: Dictionary(
                literalEntries("Resources").map { ($0.key, $0.value["Type"]?.value.text ?? "") },
                uniquingKeysWith: { first, _ in first }),
            generated: GeneratedNames(languageExtensions: enabled))
    }

    /// Whether Resources, Conditions or Outputs hold an `Fn::ForEach::` key anywhere: without one, `expand` changes nothing.
    static func hasLoops(in root: TemplateNode) -> Bool {
        func holdsLoop(_ node: TemplateNode) -> Bool {
            switch node.content {
            case .scalar: false
            case .sequence(let elements): elements.contains(where: holdsLoop)
            case .mapping(let entries):
                entries.contains { $0.key.utf8.starts(with: prefix.utf8) || holdsLoop($0.value) }
            }
        }
        return root.entries?.contains {
            ["Resources", "Conditions", "Outputs"].contains($0.key) && holdsLoop($0.value)
        } ?? false
    }

    /// The template with every loop in Resources, Conditions and Outputs expanded.
    mutating func expand(_ root: TemplateNode) throws -> TemplateNode {
        guard let entries = root.entries else { return root }
        var result: [TemplateNode.Entry] = []
        for entry in entries {
            var entry = entry
            if ["Resources", "Conditions", "Outputs"].contains(entry.key) {
                entry.value = try expand(entry.value, at: Place(section: entry.key, isSectionRoot: true, owner: nil))
            }
            result.append(entry)
        }
        return TemplateNode(content: .mapping(result), location: root.location)
    }

    private mutating func expand(_ node: TemplateNode, at place: Place) throws -> TemplateNode {
        switch node.content {
        case .scalar:
            return node
        case .sequence(let elements):
            var expanded: [TemplateNode] = []
            for element in elements { expanded.append(try expand(element, at: place.inside(owner: place.owner))) }
            return TemplateNode(content: .sequence(expanded), location: node.location)
        case .mapping(let entries):
            var result: [TemplateNode.Entry] = []
            var generatedBy: [String: String] = [:]
            // Where each key of `result` is declared: a lookup, not a scan (10,000 resources made it quadratic).
            var declaredAt: [String: TemplateLocation] = [:]
            for entry in entries {
                let produced: [TemplateNode.Entry]
                let loopName: String?
                if entry.key.hasPrefix(Self.prefix) {
                    produced = try loop(entry, at: place)
                    loopName = entry.key
                } else {
                    let owner = place.isSectionRoot && place.section == "Resources" ? entry.key : place.owner
                    produced = [
                        TemplateNode.Entry(
                            key: entry.key, keyLocation: entry.keyLocation,
                            value: try expand(entry.value, at: place.inside(owner: owner)))
                    ]
                    loopName = nil
                }
                for item in produced {
                    if let earlier = declaredAt[item.key] {
                        let culprit = loopName ?? generatedBy[item.key] ?? item.key
                        throw TemplateError.invalidTemplate(
                            message:
                                "\(culprit) generates \(item.key), which is already declared at line \(earlier.line)",
                            at: loopName == nil ? item.keyLocation : entry.keyLocation)
                    }
                    if let loopName { generatedBy[item.key] = loopName }
                    declaredAt[item.key] = item.keyLocation
                    result.append(item)
                }
            }
            return TemplateNode(content: .mapping(result), location: node.location)
        }
    }

    /// The entries one loop generates, nested loops included; none when its collection is not known offline.
    private mutating func loop(_ entry: TemplateNode.Entry, at place: Place) throws -> [TemplateNode.Entry] {
        let name = entry.key
        guard enabled else {
            throw TemplateError.invalidTemplate(
                message: "\(name) needs Transform: AWS::LanguageExtensions (Fn::ForEach is a language extension)",
                at: entry.keyLocation)
        }
        guard let arguments = entry.value.elements, arguments.count == 3, let fragment = arguments[2].entries else {
            throw TemplateError.invalidArguments(function: name, expected: Self.expected, at: entry.value.location)
        }
        guard let identifier = arguments[0].scalar?.stringValue, !identifier.isEmpty,
            identifier.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
            })
        else {
            throw TemplateError.invalidArguments(
                function: name, expected: "an alphanumeric Identifier first", at: arguments[0].location)
        }
        for key in fragment.map(\.key) where !key.hasPrefix(Self.prefix) {
            guard key.contains("${\(identifier)}") || key.contains("&{\(identifier)}") else {
                throw TemplateError.invalidArguments(
                    function: name, expected: "${\(identifier)} or &{\(identifier)} in the output key \(key)",
                    at: arguments[2].location)
            }
        }
        guard let items = try collection(arguments[1], of: name, at: entry.keyLocation, place: place) else { return [] }
        var produced: [TemplateNode.Entry] = []
        for item in items {
            let copy = Self.substitute(arguments[2], identifier: identifier, item: item)
            produced += try expand(copy, at: place).entries ?? []
        }
        return produced
    }

    /// The collection's items as text; nil (and a not-evaluated part) when it is not known offline.
    private mutating func collection(
        _ node: TemplateNode, of name: String, at location: TemplateLocation, place: Place
    ) throws -> [String]? {
        let value: Located<DesiredValue>?
        do {
            value = try evaluator.value(node)
        } catch let error as TemplateError {
            let detail =
                error.location.map { error.description.replacingOccurrences(of: "\($0): ", with: "") }
                ?? error.description
            throw TemplateError.invalidArguments(
                function: name, expected: "a Collection plinv can read (\(detail))", at: node.location)
        }
        let why: String
        switch value?.value {
        case .list(let elements)?:
            var items: [String] = []
            for element in elements {
                switch element.value {
                case .known(let scalar):
                    guard let text = scalar.scalarText else {
                        throw TemplateError.invalidArguments(
                            function: name, expected: "a Collection of strings", at: element.location)
                    }
                    items.append(text)
                case .unknown, .reference, .text:
                    return unexpanded(
                        name, at: location, place: place,
                        why: element.value.unknownReason ?? "an item is known only after deployment")
                case .list, .object:
                    throw TemplateError.invalidArguments(
                        function: name, expected: "a Collection of strings", at: element.location)
                }
            }
            return items
        case .unknown(let reason)?:
            why = reason
        case .reference(let reference)?:
            why = "it is \(reference), known only after deployment"
        case .known?, .object?, .text?, nil:
            throw TemplateError.invalidArguments(function: name, expected: "a list as Collection", at: node.location)
        }
        return unexpanded(name, at: location, place: place, why: why)
    }

    private mutating func unexpanded(_ name: String, at location: TemplateLocation, place: Place, why: String)
        -> [String]?
    {
        // An inner loop is met once per item of its outer loop: it is one part, not one per item.
        let part = NotEvaluatedPart(
            logicalId: place.owner, reason: "\(name) is not expanded: its collection is not known offline (\(why))",
            location: location)
        if !notEvaluated.contains(part) { notEvaluated.append(part) }
        if place.isSectionRoot && place.section == "Resources" && !unexpandedResourceLoops.contains(name) {
            unexpandedResourceLoops.append(name)
        }
        if place.isSectionRoot && place.section == "Conditions" && !unexpandedConditionLoops.contains(name) {
            unexpandedConditionLoops.append(name)
        }
        return nil
    }

    /// The fragment for one item: every `${Identifier}` and `&{Identifier}` in its keys and strings replaced
    /// (`&{}` by the item's alphanumerics only), and each `Ref Identifier` replaced by the item.
    static func substitute(_ node: TemplateNode, identifier: String, item: String) -> TemplateNode {
        let compact = String(
            item.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
                .map(Character.init))
        func replaced(_ text: String) -> String {
            guard text.contains("{\(identifier)}") else { return text }
            return text.replacingOccurrences(of: "${\(identifier)}", with: item).replacingOccurrences(
                of: "&{\(identifier)}", with: compact)
        }
        func walk(_ node: TemplateNode) -> TemplateNode {
            switch node.content {
            case .scalar(.string(let text)):
                return TemplateNode(content: .scalar(.string(replaced(text))), location: node.location)
            case .scalar:
                return node
            case .sequence(let elements):
                return TemplateNode(content: .sequence(elements.map(walk)), location: node.location)
            case .mapping(let entries):
                if let entry = node.singleEntry, entry.key == "Ref", entry.value.scalar?.stringValue == identifier {
                    return TemplateNode(content: .scalar(.string(item)), location: node.location)
                }
                return TemplateNode(
                    content: .mapping(
                        entries.map { .init(key: replaced($0.key), keyLocation: $0.keyLocation, value: walk($0.value)) }
                    ),
                    location: node.location)
            }
        }
        return walk(node)
    }
}
