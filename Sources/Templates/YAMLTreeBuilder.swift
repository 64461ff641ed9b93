import PrivateLinkModel

/// Builds the `TemplateNode` tree of a YAML document from its node events, in document order.
///
/// The rules are those of YAML composition (duplicate keys, undefined aliases: thrown at once, as the parser
/// would; keys are compared as text, so `a` and `!Ref a` are the same key) and plinv's own (unknown tags, keys that are not scalars, alias bombs, nesting: kept until the whole
/// text has parsed, so that a YAML error later in the text is the one reported, as when Yams composed first).
struct YAMLTreeBuilder {
    /// The deepest nesting a template may have.
    static let maxDepth = 512

    /// A key waiting for its value.
    private enum Key {
        case scalar(String, TemplateLocation)
        /// A sequence or mapping as a key: refused, or ignored inside such a key.
        case nonScalar
    }

    /// A sequence or mapping being read.
    private struct Frame {
        var isMapping: Bool
        var location: TemplateLocation
        /// The long-form key when the node carries a short-form tag (`!If [...]` → `Fn::If`).
        var shortForm: String?
        var anchor: String?
        var depth: Int
        /// This node is a key of its mapping (never a plain string, so refused).
        var isKey: Bool
        /// This node is, or is inside, such a key: kept for anchors and duplicate checks, never counted or checked.
        var isInKey: Bool
        /// Where its elements or entries start on the builder's `elements` or `entries`.
        var base: Int
        var pendingKey: Key?
        /// The keys so far, once the mapping is too long to search them one by one.
        var keys: Set<String>?
        /// Keys written twice, each with where the second is.
        var duplicates: [(key: String, at: TemplateLocation)] = []
        /// The nodes of the subtree as the budget counts them (a short form and its argument are one), and its height.
        var size = 1
        var height = 0
    }

    /// An anchored node, for its aliases.
    private struct Anchored {
        var node: TemplateNode
        var size: Int
        var height: Int
        /// The key an alias of an anchored scalar stands for; nil for a sequence or mapping.
        var key: String?
        /// An anchored scalar's unknown tag: an error wherever the scalar is used as a value.
        var unknownTag: String?
    }

    private let file: String
    /// The nodes the tree may still hold.
    private var budget: Int
    private var stack: [Frame] = []
    /// The elements and entries of the open sequences and mappings, innermost last: each container is made once,
    /// at its full size, when it ends.
    private var elements: [TemplateNode] = []
    private var entries: [TemplateNode.Entry] = []
    private var anchors: [String: Anchored] = [:]
    private var root: TemplateNode?
    /// The first break of plinv's rules, thrown by `finish()`.
    private var firstError: TemplateError?

    init(file: String, budget: Int) {
        self.file = file
        self.budget = budget
    }

    /// Whether the root node is complete.
    var isComplete: Bool { root != nil }

    /// The tree, or the first rule it breaks.
    func finish() throws -> TemplateNode {
        if let firstError { throw firstError }
        guard let root else {
            throw TemplateError.invalidTemplate(
                message: "the template is empty", at: TemplateLocation(file: file, line: 1, column: 1))
        }
        return root
    }

    /// Where the next node goes: a key of the innermost mapping or a value, inside a key or not, and how deep.
    private var slot: (isKey: Bool, isInKey: Bool, depth: Int) {
        let top = stack.count - 1
        guard top >= 0 else { return (false, false, 0) }
        // Field by field: copying the whole frame would retain everything it holds.
        let isKey = stack[top].isMapping && stack[top].pendingKey == nil
        return (isKey, stack[top].isInKey, stack[top].depth + 1)
    }

    // MARK: Events

    /// A scalar: a key of the innermost mapping, or a value typed by the core schema (plain) or a string (quoted).
    mutating func scalar(
        _ bytes: UnsafeBufferPointer<UInt8>, tag: String?, isPlain: Bool, anchor: String?, at location: TemplateLocation
    ) {
        let slot = self.slot
        if slot.isKey {
            let key = String(decoding: bytes, as: UTF8.self)
            if let anchor {
                let (node, unknownTag) = Self.scalarNode(bytes, tag: tag, isPlain: isPlain, at: location)
                anchors[anchor] = Anchored(node: node, size: 1, height: 0, key: key, unknownTag: unknownTag)
            }
            setKey(.scalar(key, location))
            return
        }
        if !slot.isInKey { spend(at: location, depth: slot.depth) }
        let (node, unknownTag) = Self.scalarNode(bytes, tag: tag, isPlain: isPlain, at: location)
        if let unknownTag, !slot.isInKey { record(.unknownTag(unknownTag, at: location)) }
        if let anchor {
            let key = String(decoding: bytes, as: UTF8.self)
            anchors[anchor] = Anchored(node: node, size: 1, height: 0, key: key, unknownTag: unknownTag)
        }
        attach(node, size: 1, height: 0)
    }

    /// The start of a sequence or mapping.
    mutating func startCollection(isMapping: Bool, tag: String?, anchor: String?, at location: TemplateLocation) {
        let slot = self.slot
        var frame = Frame(
            isMapping: isMapping, location: location, anchor: anchor, depth: slot.depth, isKey: slot.isKey,
            isInKey: slot.isKey || slot.isInKey, base: isMapping ? entries.count : elements.count)
        if let tag, Self.isLocal(tag) { frame.shortForm = YAMLReader.shortForms[tag] }
        if slot.isKey {
            if !slot.isInKey { record(Self.nonScalarKey(at: location)) }
        } else if !slot.isInKey {
            spend(at: location, depth: slot.depth)
            if let tag, Self.isLocal(tag), frame.shortForm == nil { record(.unknownTag(tag, at: location)) }
        }
        stack.append(frame)
    }

    /// The end of the innermost sequence or mapping; throws at a mapping's first duplicate key (in key order).
    mutating func endCollection() throws {
        let frame = stack.removeLast()
        if !frame.duplicates.isEmpty {
            let sorted = frame.duplicates.enumerated()
                .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
            throw TemplateError.syntax(
                message: "duplicate key " + sorted.map(\.key).joined(separator: ", "), at: sorted[0].at)
        }
        let content: TemplateNode.Content
        if frame.isMapping {
            content = .mapping(Array(entries[frame.base...]))
            entries.removeLast(entries.count - frame.base)
        } else {
            content = .sequence(Array(elements[frame.base...]))
            elements.removeLast(elements.count - frame.base)
        }
        var node = TemplateNode(content: content, location: frame.location)
        if let key = frame.shortForm { node = Self.longForm(key, node, at: frame.location) }
        if let anchor = frame.anchor { anchors[anchor] = Anchored(node: node, size: frame.size, height: frame.height) }
        if frame.isKey {
            setKey(.nonScalar)
        } else {
            attach(node, size: frame.size, height: frame.height)
        }
    }

    /// An alias: the anchored node again (shared, not copied); throws when nothing is anchored by that name yet.
    mutating func alias(_ name: String, at location: TemplateLocation) throws {
        guard let anchored = anchors[name] else {
            throw TemplateError.syntax(message: "found undefined alias", at: location)
        }
        let slot = self.slot
        if slot.isKey {
            if let key = anchored.key {
                setKey(.scalar(key, anchored.node.location))
            } else {
                if !slot.isInKey { record(Self.nonScalarKey(at: anchored.node.location)) }
                setKey(.nonScalar)
            }
            return
        }
        if !slot.isInKey {
            spend(anchored, depth: slot.depth)
            if let tag = anchored.unknownTag { record(.unknownTag(tag, at: anchored.node.location)) }
        }
        attach(anchored.node, size: anchored.size, height: anchored.height)
    }

    // MARK: Building

    /// Records the key of the innermost mapping, noting it when written before.
    private mutating func setKey(_ key: Key) {
        let top = stack.count - 1
        if case .scalar(let name, let location) = key, !isNewKey(name, in: top),
            !stack[top].duplicates.contains(where: { $0.key == name })
        {
            stack[top].duplicates.append((name, location))
        }
        stack[top].pendingKey = key
    }

    /// Whether no earlier entry of the mapping `frame` has `key`: searched one by one while the mapping is short
    /// (most are), in a set once it is long.
    private mutating func isNewKey(_ key: String, in frame: Int) -> Bool {
        if stack[frame].keys != nil { return stack[frame].keys!.insert(key).inserted }
        let earlier = entries[stack[frame].base...]
        if earlier.contains(where: { $0.key == key }) { return false }
        if earlier.count >= 16 { stack[frame].keys = Set(earlier.map(\.key) + [key]) }
        return true
    }

    /// Adds a finished value to the innermost sequence or mapping, or makes it the root.
    private mutating func attach(_ node: TemplateNode, size: Int, height: Int) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].size += size
        stack[top].height = max(stack[top].height, height + 1)
        if stack[top].isMapping {
            if case .scalar(let key, let location)? = stack[top].pendingKey {
                entries.append(TemplateNode.Entry(key: key, keyLocation: location, value: node))
            }
            stack[top].pendingKey = nil
        } else {
            elements.append(node)
        }
    }

    /// A scalar value's node, and its tag when that is neither a short form nor a YAML tag.
    private static func scalarNode(
        _ bytes: UnsafeBufferPointer<UInt8>, tag: String?, isPlain: Bool, at location: TemplateLocation
    ) -> (TemplateNode, unknownTag: String?) {
        if let tag, isLocal(tag) {
            guard let key = YAMLReader.shortForms[tag] else {
                return (
                    TemplateNode(content: .scalar(.string(String(decoding: bytes, as: UTF8.self))), location: location),
                    tag
                )
            }
            let argument = TemplateNode(
                content: .scalar(.string(String(decoding: bytes, as: UTF8.self))), location: location)
            return (longForm(key, argument, at: location), nil)
        }
        let value = isPlain ? YAMLReader.coreSchemaValue(utf8: bytes) : .string(String(decoding: bytes, as: UTF8.self))
        return (TemplateNode(content: .scalar(value), location: location), nil)
    }

    /// `{key: argument}`, all at the tag's position: what a short form stands for.
    private static func longForm(_ key: String, _ argument: TemplateNode, at location: TemplateLocation) -> TemplateNode
    {
        TemplateNode(content: .mapping([.init(key: key, keyLocation: location, value: argument)]), location: location)
    }

    /// A local tag (`!Name`): a short form or unknown; `!`, `!!type` and global tags are YAML's own.
    private static func isLocal(_ tag: String) -> Bool {
        tag.utf8.first == UInt8(ascii: "!") && tag != "!" && !tag.hasPrefix("!!")
    }

    private static func nonScalarKey(at location: TemplateLocation) -> TemplateError {
        .syntax(message: "a mapping key must be a plain string", at: location)
    }

    // MARK: Budget

    private mutating func record(_ error: TemplateError) {
        if firstError == nil { firstError = error }
    }

    /// Counts one node against the budget and the depth limit.
    private mutating func spend(at location: TemplateLocation, depth: Int) {
        guard firstError == nil else { return }
        budget -= 1
        if budget < 0 {
            record(
                .syntax(
                    message: "YAML aliases expand the template far beyond its size (an alias bomb?); refusing it",
                    at: location))
        } else if depth > Self.maxDepth {
            record(.syntax(message: "the template nests deeper than \(Self.maxDepth) levels", at: location))
        }
    }

    /// Counts an aliased subtree at once when it fits; otherwise node by node, to name the node that does not.
    private mutating func spend(_ anchored: Anchored, depth: Int) {
        guard firstError == nil else { return }
        if anchored.size <= budget && depth + anchored.height <= Self.maxDepth {
            budget -= anchored.size
            return
        }
        spendWalking(anchored.node, depth: depth)
    }

    /// Counts `node` and its descendants in document order until one breaks a limit.
    private mutating func spendWalking(_ node: TemplateNode, depth: Int) {
        spend(at: node.location, depth: depth)
        guard firstError == nil else { return }
        var content = node.content
        // A short form and its argument share the tag's position and count as one node.
        if let entry = node.singleEntry, entry.keyLocation == node.location, entry.value.location == node.location {
            content = entry.value.content
        }
        switch content {
        case .scalar:
            return
        case .sequence(let elements):
            for element in elements where firstError == nil { spendWalking(element, depth: depth + 1) }
        case .mapping(let entries):
            for entry in entries where firstError == nil { spendWalking(entry.value, depth: depth + 1) }
        }
    }
}
