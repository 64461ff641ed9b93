/// Finds a loop in the resources' dependencies (`Ref`, `Fn::GetAtt`, `${…}`, `DependsOn`).
enum DependencyCycle {
    /// The first cycle found, walking resources in template order, as `[A, B, A]` with the location of
    /// the reference that closes it; nil when the graph has no cycle.
    static func find(order: [String], edges: [String: [Located<String>]]) -> (
        cycle: [String], location: TemplateLocation
    )? {
        var finished: Set<String> = []
        var path: [String] = []
        var onPath: Set<String> = []

        func visit(_ node: String) -> (cycle: [String], location: TemplateLocation)? {
            path.append(node)
            onPath.insert(node)
            defer {
                path.removeLast()
                onPath.remove(node)
                finished.insert(node)
            }
            for edge in edges[node] ?? [] {
                if onPath.contains(edge.value), let start = path.firstIndex(of: edge.value) {
                    return (Array(path[start...]) + [edge.value], edge.location)
                }
                if !finished.contains(edge.value), let found = visit(edge.value) { return found }
            }
            return nil
        }

        for node in order where !finished.contains(node) {
            if let found = visit(node) { return found }
        }
        return nil
    }
}
