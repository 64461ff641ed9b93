/// The layout of the who-can-connect picture: consumer accounts on the left, our services on the
/// right, one edge per (account, service, state) drawn in the state's colour and dash pattern.
struct AccessGraph {
    let width = 500
    let height: Int
    let leftX = 4
    let rightX = 272
    let nodeHeight = 40
    let headingY = 20
    let accounts: [GraphNode]
    let services: [GraphNode]
    let edges: [GraphEdge]
    let hasAccounts: Bool
    let emptyY: Int
    /// One sentence for `<title>`.
    let summary: String

    /// Characters of a service label before it is cut (the full text stays in the node's `<title>`).
    static let labelLimit = 26
    /// Characters of an account label before it is cut (account ids have 12).
    static let accountLabelLimit = 17
    private static let accountWidth = 132
    private static let serviceWidth = 222
    private static let rowHeight = 52
    private static let firstRowY = 36

    init(_ access: [ServiceAccess]) {
        let accountIds = Set(access.flatMap { $0.connections.map(\.account) }).sorted()
        let rows = max(accountIds.count, access.count, 1)
        height = Self.firstRowY + rows * Self.rowHeight
        func rowY(_ index: Int, of count: Int) -> Int {
            Self.firstRowY + (rows - count) * Self.rowHeight / 2 + index * Self.rowHeight
        }
        let (leftX, rightX, nodeHeight) = (4, 272, 40)

        accounts = accountIds.enumerated().map { index, account in
            let endpoints = access.flatMap(\.connections).filter { $0.account == account }.count
            return GraphNode(
                x: leftX, y: rowY(index, of: accountIds.count), width: Self.accountWidth,
                label: ValueText.clipped(account, to: Self.accountLabelLimit),
                sublabel: endpoints == 1 ? "1 endpoint" : "\(endpoints) endpoints", title: "consumer account \(account)")
        }
        services = access.enumerated().map { index, service in
            GraphNode(
                x: rightX, y: rowY(index, of: access.count), width: Self.serviceWidth,
                label: ValueText.clipped(service.serviceId, to: Self.labelLimit),
                sublabel: ValueText.clipped(ValueText.scope(service.scope), to: Self.labelLimit + 4),
                title: "\(service.serviceId) \(service.serviceName) in \(ValueText.scope(service.scope))")
        }

        var edges: [GraphEdge] = []
        for (serviceIndex, service) in access.enumerated() {
            let groups = Dictionary(grouping: service.connections) { EdgeKey(account: $0.account, state: $0.stateClass) }
            for key in groups.keys.sorted() {
                guard let accountIndex = accountIds.firstIndex(of: key.account) else { continue }
                let count = groups[key]?.count ?? 0
                let from = (leftX + Self.accountWidth, rowY(accountIndex, of: accountIds.count) + nodeHeight / 2)
                let to = (rightX, rowY(serviceIndex, of: access.count) + nodeHeight / 2)
                let middleX = (from.0 + to.0) / 2
                edges.append(
                    GraphEdge(
                        path: "M\(from.0),\(from.1) C\(middleX),\(from.1) \(middleX),\(to.1) \(to.0),\(to.1)",
                        cssClass: "edge-\(key.state.rawValue)",
                        title: "\(key.account) → \(service.serviceId): \(key.state.label)"
                            + (count > 1 ? " (\(count) endpoints)" : ""),
                        label: count > 1 ? "×\(count)" : nil, labelX: middleX, labelY: (from.1 + to.1) / 2 - 4))
            }
        }
        self.edges = edges
        hasAccounts = !accountIds.isEmpty
        emptyY = Self.firstRowY + Self.rowHeight / 2
        let connectionCount = access.map(\.connections.count).reduce(0, +)
        summary = "\(accountIds.count) consumer accounts and \(connectionCount) connections to \(access.count) endpoint services"
    }

    /// The legend entries, in a fixed order, each naming its line style in words.
    let legend: [LegendEntry] = ConnectionStateClass.allCases.map { LegendEntry($0) }
}

/// One box of the picture.
struct GraphNode {
    let x: Int
    let y: Int
    let width: Int
    let label: String
    let sublabel: String
    /// The full text, shown on hover.
    let title: String
}

/// One line of the picture.
struct GraphEdge {
    let path: String
    let cssClass: String
    let title: String
    /// `×2` when the line stands for more than one endpoint.
    let label: String?
    let labelX: Int
    let labelY: Int
}

/// A legend entry: the line sample's class and the words for the state and the style.
struct LegendEntry {
    let cssClass: String
    let label: String
    let style: String

    init(_ state: ConnectionStateClass) {
        cssClass = "edge-\(state.rawValue)"
        label = state.label
        style =
            switch state {
            case .available: "solid green line"
            case .pendingAcceptance: "dashed amber line"
            case .rejected: "dotted red line"
            case .other: "dash-dot grey line"
            }
    }
}

/// Groups a service's connections into one edge per consumer account and state.
private struct EdgeKey: Hashable, Comparable {
    let account: String
    let state: ConnectionStateClass

    static func < (lhs: EdgeKey, rhs: EdgeKey) -> Bool { (lhs.account, lhs.state) < (rhs.account, rhs.state) }
}
