/// The layout of the who-can-connect picture: one block per endpoint service we own, the service on top and, under
/// it, everyone who may or does connect: its allowed principals, then its consumers' accounts by connection state.
///
/// Each party hangs from the service by its own lane: an L-shaped line down a vertical lane, then across to the party.
/// Lanes are nested like stairs (the lowest party's lane is the leftmost), so no two lines ever cross or share a
/// segment, however many parties there are; a party that may reach two services appears under each. Untrusted and no
/// longer allowed parties are drawn in red and say so. Identifiers are never cut: a long one breaks onto a second line
/// after a `:` or `/`, and the picture grows wider rather than shorter. The SVG scales with its view box, and is narrow
/// (360 units) by default, so it stays legible at phone width.
struct AccessGraph {
    let width: Int
    let height: Int
    let nodes: [GraphNode]
    let edges: [GraphEdge]
    /// One sentence for `<title>`.
    let summary: String
    /// The legend entries, in a fixed order, each naming its line style in words.
    let legend: [LegendEntry] = [LegendEntry.allowed] + ConnectionStateClass.allCases.map { LegendEntry($0) }

    /// The narrowest the picture gets, in view box units (about a phone's width in CSS pixels).
    static let minimumWidth = 360
    /// Characters per line of a node before a long identifier breaks at a `:` or `/`.
    static let lineLimit = 44
    private static let characterWidth = 7
    private static let lineHeight = 16
    private static let blockGap = 24
    private static let rowGap = 8

    init(_ access: [ServiceAccess]) {
        var nodes: [GraphNode] = []
        var edges: [GraphEdge] = []
        var y = 4
        var widest = Self.minimumWidth
        for service in access {
            let parties = Self.parties(of: service)
            let head = GraphNode(
                x: 4, y: y, cssClass: "service",
                lines: Self.lines(service.serviceId, css: "label") + [
                    TextLine(text: ValueText.scope(service.scope), cssClass: "sub"),
                    TextLine(
                        text: "acceptance "
                            + (service.acceptanceRequired.map { $0 ? "required" : "not required" } ?? "unknown"),
                        cssClass: "sub"),
                ],
                title: "\(service.serviceId) \(service.serviceName) in \(ValueText.scope(service.scope))")
            nodes.append(head)
            widest = max(widest, head.naturalWidth + 8)
            y += head.height
            let step = parties.count > 12 ? 4 : 8
            let boxX = 14 + max(0, parties.count - 1) * step + 14
            let top = y
            y += Self.rowGap
            if parties.isEmpty {
                nodes.append(
                    GraphNode(
                        x: boxX, y: y, cssClass: "empty",
                        lines: [TextLine(text: "nobody is allowed and nobody has connected", cssClass: "sub")],
                        title: "no parties"))
                y += Self.lineHeight + 12
            }
            for (index, party) in parties.enumerated() {
                let node = GraphNode(
                    x: boxX, y: y, cssClass: party.untrusted ? "party untrusted" : "party", lines: party.lines,
                    title: party.title)
                let laneX = 14 + (parties.count - 1 - index) * step
                let middle = y + node.height / 2
                edges.append(
                    GraphEdge(
                        path: "M\(laneX),\(top) V\(middle) H\(boxX)", cssClass: party.edgeClass, title: party.title))
                nodes.append(node)
                widest = max(widest, boxX + node.naturalWidth + 4)
                y += node.height + Self.rowGap
            }
            y += Self.blockGap - Self.rowGap
        }
        width = widest
        height = max(40, y)
        // Every box spans the picture, so the right edges line up.
        self.nodes = nodes.map { $0.stretched(to: widest - 4) }
        self.edges = edges
        let principals = access.flatMap(\.allowedPrincipals)
        let untrusted = principals.filter { ServiceAccess.isMarkedUntrusted($0) }.count
        let accounts = Set(access.flatMap { $0.connections.map { ServiceAccess.unmarked($0.account) } }).count
        let connections = access.map(\.connections.count).reduce(0, +)
        summary =
            "\(access.count) endpoint services; \(principals.count) allowed principals (\(untrusted) not trusted); "
            + "\(connections) connections from \(accounts) consumer accounts"
    }

    /// The rows under one service: allowed principals first, then one row per consumer account and connection state.
    private static func parties(of service: ServiceAccess) -> [Party] {
        let principals = service.allowedPrincipals.map { principal -> Party in
            let name = ServiceAccess.unmarked(principal)
            let untrusted = ServiceAccess.isMarkedUntrusted(principal) || name == "*"
            let what = name == "*" ? "every AWS account (*)" : name
            let note = "allowed principal" + (untrusted ? " · NOT TRUSTED" : "")
            return Party(
                lines: lines(what, css: "label") + [TextLine(text: note, cssClass: "sub")], untrusted: untrusted,
                edgeClass: "edge-allowed",
                title: "\(what) may connect to \(service.serviceId)" + (untrusted ? " (not trusted)" : ""))
        }
        let groups = Dictionary(grouping: service.connections) { EdgeKey(account: $0.account, state: $0.stateClass) }
        let connections = groups.keys.sorted().map { key -> Party in
            let count = groups[key]?.count ?? 0
            let account = ServiceAccess.unmarked(key.account)
            let note = key.account.dropFirst(account.count).trimmingCharacters(in: .whitespaces)
            let untrusted = !note.isEmpty
            let endpoints = count == 1 ? "1 endpoint" : "\(count) endpoints"
            // The states as AWS spells them (`deleted`, `failed`), not the class's catch-all words.
            let states =
                key.state == .other
                ? Set((groups[key] ?? []).map(\.state)).sorted().joined(separator: ", ") : key.state.label
            var sub = [TextLine(text: "consumer account · \(endpoints) \(states)", cssClass: "sub")]
            if untrusted { sub.append(TextLine(text: note.uppercased(), cssClass: "sub")) }
            return Party(
                lines: lines(account, css: "label") + sub, untrusted: untrusted,
                edgeClass: "edge-\(key.state.rawValue)",
                title: "\(account) → \(service.serviceId): \(endpoints) \(states)" + (untrusted ? " \(note)" : ""))
        }
        return principals + connections
    }

    /// `text` as one or more text lines: a text longer than `lineLimit` breaks after a `:` or `/` (where ARNs and
    /// paths divide), never elsewhere, so an identifier reads whole across the lines.
    static func lines(_ text: String, css: String) -> [TextLine] {
        var lines: [String] = []
        var current = ""
        var pending = ""
        for character in text {
            pending.append(character)
            if character == ":" || character == "/" {
                if !current.isEmpty, current.count + pending.count > lineLimit {
                    lines.append(current)
                    current = ""
                }
                current += pending
                pending = ""
            }
        }
        if !current.isEmpty, current.count + pending.count > lineLimit {
            lines.append(current)
            current = ""
        }
        current += pending
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines.map { TextLine(text: $0, cssClass: css) }
    }

    /// The width `lines` need, in view box units: identifiers are monospace (7 units a character at 11.5px), the
    /// smaller prose about 6.
    static func textWidth(_ lines: [TextLine]) -> Int {
        (lines.map { $0.text.count * ($0.cssClass == "label" ? characterWidth : 6) }.max() ?? 0) + 20
    }
}

/// One row under a service.
private struct Party {
    let lines: [TextLine]
    let untrusted: Bool
    let edgeClass: String
    let title: String
}

/// One box of the picture with its lines of text.
struct GraphNode {
    let x: Int
    let y: Int
    let width: Int
    let height: Int
    /// `service`, `party`, `party untrusted` or `empty`.
    let cssClass: String
    let lines: [TextLine]
    /// The full text, shown on hover.
    let title: String
    /// The width the text needs.
    let naturalWidth: Int

    init(x: Int, y: Int, cssClass: String, lines: [TextLine], title: String, width: Int? = nil) {
        self.x = x
        self.y = y
        self.cssClass = cssClass
        self.title = title
        naturalWidth = AccessGraph.textWidth(lines)
        self.width = width ?? naturalWidth
        height = lines.count * 16 + 10
        self.lines = lines.enumerated().map { index, line in
            TextLine(text: line.text, cssClass: line.cssClass, y: 17 + index * 16)
        }
    }

    /// The same box reaching `right`.
    func stretched(to right: Int) -> GraphNode {
        GraphNode(x: x, y: y, cssClass: cssClass, lines: lines, title: title, width: max(naturalWidth, right - x))
    }
}

/// One line of text in a box, at `y` from the box's top.
struct TextLine {
    let text: String
    let cssClass: String
    var y: Int = 0
}

/// One line of the picture.
struct GraphEdge {
    let path: String
    let cssClass: String
    let title: String
}

/// A legend entry: the line sample's class and the words for what it means and how it looks.
struct LegendEntry {
    let cssClass: String
    let label: String
    let style: String

    init(cssClass: String, label: String, style: String) {
        self.cssClass = cssClass
        self.label = label
        self.style = style
    }

    init(_ state: ConnectionStateClass) {
        cssClass = "edge-\(state.rawValue)"
        label = "connection \(state.label)"
        style =
            switch state {
            case .available: "solid green line"
            case .pendingAcceptance: "dashed amber line"
            case .rejected: "dotted red line"
            case .other: "dash-dot grey line"
            }
    }

    /// An allowed principal's line.
    static let allowed = LegendEntry(
        cssClass: "edge-allowed", label: "allowed principal (may connect)", style: "thin blue line")
}

/// Groups a service's connections into one row per consumer account and state.
private struct EdgeKey: Hashable, Comparable {
    let account: String
    let state: ConnectionStateClass

    static func < (lhs: EdgeKey, rhs: EdgeKey) -> Bool { (lhs.account, lhs.state) < (rhs.account, rhs.state) }
}

extension ServiceAccess {
    /// The note the CLI appends to a principal or consumer account that is not trusted.
    public static let notTrustedNote = " (not trusted)"
    /// The note the CLI appends to a consumer account that is connected but no longer allowed.
    public static let notAllowedNote = " (not allowed now)"

    /// Whether a principal or account carries one of the notes above.
    static func isMarkedUntrusted(_ text: String) -> Bool {
        text.hasSuffix(notTrustedNote) || text.hasSuffix(notAllowedNote)
    }

    /// The principal or account without its note.
    static func unmarked(_ text: String) -> String {
        for note in [notTrustedNote, notAllowedNote] where text.hasSuffix(note) {
            return String(text.dropLast(note.count))
        }
        return text
    }
}
