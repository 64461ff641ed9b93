extension Array {
    /// The elements in the order of `areInIncreasingOrder`, stable like `sorted(by:)`. The sort permutes indices and
    /// each element is copied once at the end: sorting 80,000 findings or problems by moving the structs themselves
    /// copied every field of each one at every merge step, a tenth of a report's CPU.
    func sortedByIndex(by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        var order = Array<Int>(indices)
        withUnsafeBufferPointer { elements in
            order.sort { areInIncreasingOrder(elements[$0], elements[$1]) }
        }
        return order.map { self[$0] }
    }
}
