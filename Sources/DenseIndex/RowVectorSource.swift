/// A `VectorSource` over a matrix whose row numbers are the ids: for benchmarks,
/// tests and collections loaded from a .npy file.
public struct RowVectorSource: VectorSource, Sendable {
    /// The vectors; id `i` is row `i`.
    public let matrix: VectorMatrix

    /// Serves the rows of `matrix` by row number.
    public init(matrix: VectorMatrix) {
        self.matrix = matrix
    }

    public func vectors(for ids: [Int64]) throws -> [[Float]?] {
        try ids.map { id in
            guard id >= 0, id < matrix.count else {
                throw DenseIndexError.invalidArgument("vector id \(id) is outside the \(matrix.count) rows of the source")
            }
            return matrix[Int(id)]
        }
    }
}
