import Kernels

/// A row-major matrix of float vectors: `count` rows of `dimension` floats, stored
/// contiguously so kernels and BLAS can read it directly.
public struct VectorMatrix: Sendable, Hashable {
    /// Floats per row.
    public let dimension: Int
    /// Row-major values, `count × dimension` floats.
    public private(set) var values: [Float]

    /// Number of rows.
    public var count: Int { dimension == 0 ? 0 : values.count / dimension }

    /// Wraps `values` (row-major) as rows of `dimension` floats.
    public init(values: [Float], dimension: Int) throws {
        guard dimension > 0 else { throw DenseIndexError.invalidArgument("vector dimension must be positive, got \(dimension)") }
        guard values.count % dimension == 0 else {
            throw DenseIndexError.invalidArgument("\(values.count) floats do not make whole vectors of \(dimension) dimensions")
        }
        self.values = values
        self.dimension = dimension
    }

    /// Packs `rows`, which must all have `dimension` floats.
    public init(rows: [[Float]], dimension: Int) throws {
        guard dimension > 0 else { throw DenseIndexError.invalidArgument("vector dimension must be positive, got \(dimension)") }
        var values = [Float]()
        values.reserveCapacity(rows.count * dimension)
        for (index, row) in rows.enumerated() {
            guard row.count == dimension else {
                throw DenseIndexError.dimensionMismatch(expected: dimension, found: row.count, context: "vector \(index)")
            }
            values.append(contentsOf: row)
        }
        self.values = values
        self.dimension = dimension
    }

    /// Row `index` as an array.
    public subscript(index: Int) -> [Float] {
        Array(values[index * dimension ..< (index + 1) * dimension])
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> VectorMatrix {
        VectorMatrix(unchecked: Array(values[range.lowerBound * dimension ..< range.upperBound * dimension]), dimension: dimension)
    }

    /// Every row scaled to unit L2 norm (rows of zeros stay zero): cosine becomes inner product.
    public func normalized() -> VectorMatrix {
        var copy = values
        let d = dimension
        copy.withUnsafeMutableBufferPointer { buffer in
            for row in 0 ..< count {
                let p = buffer.baseAddress! + row * d
                let norm = VectorMath.dot(p, p, count: d).squareRoot()
                if norm > 0 {
                    for i in 0 ..< d { p[i] /= norm }
                }
            }
        }
        return VectorMatrix(unchecked: copy, dimension: d)
    }

    init(unchecked values: [Float], dimension: Int) {
        self.values = values
        self.dimension = dimension
    }

    /// Throws unless rows have `expected` floats.
    func require(dimension expected: Int, context: String) throws {
        guard dimension == expected else {
            throw DenseIndexError.dimensionMismatch(expected: expected, found: dimension, context: context)
        }
    }
}
