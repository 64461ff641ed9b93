import Synchronization

/// Hands out the elements of an array one at a time to any number of tasks, each element exactly once.
final class SharedCursor<Element: Sendable>: Sendable {
    private let elements: [Element]
    private let position = Atomic<Int>(0)

    init(_ elements: [Element]) {
        self.elements = elements
    }

    /// The next element no task has taken yet, nil when all have been.
    func next() -> Element? {
        let index = position.wrappingAdd(1, ordering: .relaxed).oldValue
        return elements.indices.contains(index) ? elements[index] : nil
    }
}
