/// The element count of a tensor shape read from a model file, computed without overflow.
enum ElementCount {
    /// The product of `dimensions` (1 for no dimensions); nil when one is negative or the
    /// product does not fit in an Int.
    static func of(_ dimensions: [Int]) -> Int? {
        var product = 1
        for dimension in dimensions {
            guard dimension >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }
}
