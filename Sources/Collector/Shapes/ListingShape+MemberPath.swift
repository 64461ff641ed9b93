import AWSQuery

extension ListingShape {
    /// Member names from an item to the strings they reach (`["Groups", "GroupId"]`), resolved against the shapes
    /// once: reading it from an item then compares element names only, where resolving the names for every item
    /// compared them with each structure's member names too (3 % of a first collect of 10,000 endpoints).
    struct MemberPath: Sendable {
        /// One step from an element to the elements below it that the path goes on from.
        enum Step: Sendable {
            /// Every child: the items of a list.
            case eachChild
            /// The first child named `wireName`: a member.
            case firstChild(wireName: String)
            /// Every child named `wireName`: the items of a flattened list.
            case eachChildNamed(wireName: String)
        }

        /// The steps, in order (none when the item itself is a string and no name is given); nil when the names
        /// reach no string (no such member, a structure, names left over after a string).
        let steps: [Step]?
    }

    /// `names` resolved from the listing's item, e.g. `["Groups", "GroupId"]` of an endpoint reaches its security group
    /// ids. A path that reaches no string reads nothing from any item.
    func memberPath(_ names: [String]) -> MemberPath {
        var steps: [MemberPath.Step] = []
        var value = item
        var names = names[...]
        while true {
            switch value {
            case .list(let index):
                // A list of lists is a step each; a list shape that holds itself (no AWS model has one) would be
                // endless, and no response nests this deep (the XML reader refuses 256 levels).
                guard steps.count < 256 else { return MemberPath(steps: nil) }
                steps.append(.eachChild)
                value = lists[index]
            case .structure(let index):
                guard let name = names.popFirst(),
                    let member = structures[index].members.first(where: { $0.name == name })
                else { return MemberPath(steps: nil) }
                if member.flattened {
                    steps.append(.eachChildNamed(wireName: member.wireName))
                    value = if case .list(let list) = member.value { lists[list] } else { member.value }
                } else {
                    steps.append(.firstChild(wireName: member.wireName))
                    value = member.value
                }
            default:
                return MemberPath(steps: names.isEmpty ? steps : nil)
            }
        }
    }

    /// Calls `body` with the text of every string `path` reaches from `item`, in document order.
    /// - Throws: `XMLNode.ParseError` for text that is not well-formed.
    func forEachString<Item: GatheredItem>(
        _ path: MemberPath, in item: Item, _ body: (String) throws -> Void
    ) throws {
        guard let steps = path.steps else { return }
        try visit(steps[...], from: item.root, of: item, body)
    }

    /// ``forEachString(_:in:_:)`` read through `index` when the item's recorder indexed it, else from the item's bytes.
    func forEachString(
        _ path: MemberPath, in item: XMLElementBytes, indexed index: XMLElementIndex?, _ body: (String) throws -> Void
    ) throws {
        if let index { try forEachString(path, in: index, body) } else { try forEachString(path, in: item, body) }
    }

    /// Follows `steps` from `element`, calling `body` with the text of each element reached at their end.
    private func visit<Item: GatheredItem>(
        _ steps: ArraySlice<MemberPath.Step>, from element: Item.Element, of item: Item, _ body: (String) throws -> Void
    ) throws {
        guard let step = steps.first else {
            try body(try item.text(of: element))
            return
        }
        let rest = steps.dropFirst()
        switch step {
        case .eachChild:
            try item.forEachChild(of: element) { try visit(rest, from: $0, of: item, body) }
        case .firstChild(let wireName):
            if let child = item.firstChild(of: element, named: wireName) {
                try visit(rest, from: child, of: item, body)
            }
        case .eachChildNamed(let wireName):
            try item.forEachChild(of: element) { child in
                if item.element(child, hasName: wireName) { try visit(rest, from: child, of: item, body) }
            }
        }
    }
}
