extension Array {
    /// The elements in the order of `areInIncreasingOrder`, stable like `sorted(by:)`, which reads the two elements it
    /// compares where they are.
    ///
    /// Elements already in order (a list sorted before, as a report sorts the audit's sorted findings again) are not
    /// copied at all: the result shares this array's storage.
    func sortedByIndex(by areInIncreasingOrder: (UnsafePointer<Element>, UnsafePointer<Element>) -> Bool) -> [Element] {
        var sorted = self
        sorted.sortByIndex(by: areInIncreasingOrder)
        return sorted
    }

    /// Sorts the elements in place in the order of `areInIncreasingOrder`, stable like `sort(by:)`.
    ///
    /// The sort permutes indices, then moves each element once, cycle by cycle: sorting 80,000 findings or problems by
    /// moving the structs themselves copied every field of each one at every merge step, a tenth of a report's CPU,
    /// and copying them into a new array in the new order retained every string of each and doubled the memory. The
    /// order is handed pointers, not elements: handed the elements, each comparison copied both first.
    mutating func sortByIndex(by areInIncreasingOrder: (UnsafePointer<Element>, UnsafePointer<Element>) -> Bool) {
        var order = Array<Int>(indices)
        withUnsafeBufferPointer { elements in
            guard let base = elements.baseAddress else { return }
            order.sort { areInIncreasingOrder(base + $0, base + $1) }
        }
        guard !order.enumerated().allSatisfy({ $0.offset == $0.element }) else { return }
        // Position `i` takes the element at `order[i]`: each cycle of the permutation is walked once, the element
        // that belongs at the current position swapped in, and the position marked done (`order[i] = i`).
        withUnsafeMutableBufferPointer { elements in
            for start in order.indices where order[start] != start {
                var current = start
                while order[current] != start {
                    let next = order[current]
                    elements.swapAt(current, next)
                    order[current] = current
                    current = next
                }
                order[current] = current
            }
        }
    }
}
