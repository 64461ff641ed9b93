import PrivateLinkModel

/// Reads JSON templates and parameters files into a `TemplateNode` tree through plinv's one strict JSON
/// reader, keeping the line and column of every value and key.
enum JSONTemplateReader {
    /// Parses `text` (a leading byte order mark is skipped); throws `TemplateError.syntax` at the first fault.
    static func read(_ text: String, file: String) throws -> TemplateNode {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        do throws(JSONSyntaxError) {
            return try JSONReader.read(bytes, into: TemplateTreeBuilder(file: file))
        } catch {
            throw TemplateError.syntax(
                message: error.message, at: TemplateLocation(file: file, line: error.line, column: error.column))
        }
    }
}

/// Builds `TemplateNode`s with file positions from what the JSON reader reads.
struct TemplateTreeBuilder: JSONTreeBuilder {
    let file: String

    static var needsPositions: Bool { true }

    private func location(_ position: JSONPosition) -> TemplateLocation {
        TemplateLocation(file: file, line: position.line, column: position.column)
    }

    func scalar(_ value: JSONValue, at position: JSONPosition) -> TemplateNode {
        TemplateNode(content: .scalar(value), location: location(position))
    }

    func array(_ elements: ArraySlice<TemplateNode>, at position: JSONPosition) -> TemplateNode {
        TemplateNode(content: .sequence(Array(elements)), location: location(position))
    }

    func object(_ members: ArraySlice<JSONMember<TemplateNode>>, at position: JSONPosition) -> TemplateNode? {
        var keys = Set<String>(minimumCapacity: members.count)
        var entries: [TemplateNode.Entry] = []
        entries.reserveCapacity(members.count)
        for member in members {
            guard keys.insert(member.key).inserted else { return nil }
            entries.append(.init(key: member.key, keyLocation: location(member.position), value: member.value))
        }
        return TemplateNode(content: .mapping(entries), location: location(position))
    }
}
