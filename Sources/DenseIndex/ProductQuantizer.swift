import QuarryCore
import Kernels

/// A product quantizer (Jégou et al.; FAISS `ProductQuantizer`): a vector of
/// `dimension` floats is cut into `subspaces` slices, and each slice is replaced by
/// the index of its nearest of 256 centroids learnt for that slice, one byte each.
public struct ProductQuantizer: Sendable {
    /// Centroids per sub-space (8-bit codes).
    public static let centroidsPerSubspace = 256

    /// Floats per vector.
    public let dimension: Int
    /// Number of sub-spaces M, also the bytes per code.
    public let subspaces: Int
    /// Floats per sub-space slice, `dimension / subspaces`.
    public var subDimension: Int { dimension / subspaces }
    /// `subspaces × 256 × subDimension` centroids, empty until trained.
    public private(set) var codebooks: [Float]
    /// Codebooks dimension-major per sub-space: `subspaces × subDimension × 256`.
    private var transposedBooks: [Float]
    /// ‖c_mj‖²: `subspaces × 256`.
    private var bookNorms: [Float]

    /// Whether codebooks are learnt.
    public var isTrained: Bool { !codebooks.isEmpty }
    /// Bytes per encoded vector.
    public var codeSize: Int { subspaces }

    /// An untrained quantizer; `dimension` must be a multiple of `subspaces`.
    public init(dimension: Int, subspaces: Int) throws {
        guard dimension > 0, subspaces > 0, dimension % subspaces == 0 else {
            throw DenseIndexError.invalidSpec("PQ\(subspaces)", reason: "\(dimension)-dimensional vectors do not split into \(subspaces) equal sub-spaces; pick a PQ count that divides \(dimension)")
        }
        self.dimension = dimension
        self.subspaces = subspaces
        codebooks = []
        transposedBooks = []
        bookNorms = []
    }

    /// A trained quantizer from stored codebooks (`subspaces × 256 × subDimension` floats).
    init(dimension: Int, subspaces: Int, codebooks: [Float]) throws {
        try self.init(dimension: dimension, subspaces: subspaces)
        guard codebooks.count == dimension * Self.centroidsPerSubspace else {
            throw DenseIndexError.invalidParameters("PQ codebooks hold \(codebooks.count) floats, expected \(dimension * Self.centroidsPerSubspace)")
        }
        install(codebooks)
    }

    /// Learns each sub-space's 256 centroids by k-means on that slice of `data`
    /// (sampled to at most 256 × 256 rows, FAISS's default), sub-spaces spread over
    /// `threads` threads; needs ≥ 256 rows.
    public mutating func train(_ data: VectorMatrix, iterations: Int = 25, seed: UInt64 = 1234, threads: Int = 2) throws {
        try data.require(dimension: dimension, context: "product quantizer training")
        let k = Self.centroidsPerSubspace
        guard data.count >= k else {
            throw DenseIndexError.notEnoughTrainingVectors(needed: k, found: data.count, context: "PQ\(subspaces) training")
        }
        var random = SeededGenerator(seed: seed)
        let rows = data.count > k * 256 ? random.sample(k * 256, from: data.count).sorted() : Array(0 ..< data.count)
        let ds = subDimension, d = dimension, subspaces = subspaces
        let trainingRows = rows
        let source = data.values
        let perSubspace = try ParallelWork.map(count: subspaces, threads: threads, grain: 1) { m in
            var slice = [Float]()
            slice.reserveCapacity(trainingRows.count * ds)
            for row in trainingRows {
                let start = row * d + m * ds
                slice.append(contentsOf: source[start ..< start + ds])
            }
            let kmeans = KMeans(clusters: k, iterations: iterations, seed: seed &+ UInt64(m), threads: 1)
            return try kmeans.train(VectorMatrix(unchecked: slice, dimension: ds)).centroids.values
        }
        let books = Array(perSubspace.joined())
        install(books)
    }

    /// Codes of all rows of `data`: `count × subspaces` bytes.
    public func encode(_ data: VectorMatrix) throws -> [UInt8] {
        try requireTrained()
        try data.require(dimension: dimension, context: "product quantizer encoding")
        var codes = [UInt8](repeating: 0, count: data.count * subspaces)
        data.values.withUnsafeBufferPointer { x in
            codes.withUnsafeMutableBufferPointer { out in
                for row in 0 ..< data.count {
                    encode(x.baseAddress! + row * dimension, into: out.baseAddress! + row * subspaces)
                }
            }
        }
        return codes
    }

    /// Writes the `subspaces` code bytes of one vector `x` (`dimension` floats).
    @inline(__always)
    func encode(_ x: UnsafePointer<Float>, into code: UnsafeMutablePointer<UInt8>) {
        let ds = subDimension, k = Self.centroidsPerSubspace
        transposedBooks.withUnsafeBufferPointer { t in
            bookNorms.withUnsafeBufferPointer { norms in
                for m in 0 ..< subspaces {
                    let label = CentroidAssigner.nearest(x + m * ds, dimension: ds, transposed: t.baseAddress! + m * ds * k,
                                                         norms: norms.baseAddress! + m * k, paddedCount: k).label
                    code[m] = UInt8(truncatingIfNeeded: label)
                }
            }
        }
    }

    /// The reconstruction of each code: `codes.count / subspaces` rows.
    public func decode(_ codes: [UInt8]) throws -> VectorMatrix {
        try requireTrained()
        guard codes.count % subspaces == 0 else {
            throw DenseIndexError.invalidArgument("\(codes.count) code bytes do not make whole codes of \(subspaces) bytes")
        }
        let n = codes.count / subspaces, ds = subDimension, k = Self.centroidsPerSubspace
        var values = [Float](repeating: 0, count: n * dimension)
        for row in 0 ..< n {
            for m in 0 ..< subspaces {
                let centroid = (m * k + Int(codes[row * subspaces + m])) * ds
                for i in 0 ..< ds { values[row * dimension + m * ds + i] = codebooks[centroid + i] }
            }
        }
        return VectorMatrix(unchecked: values, dimension: dimension)
    }

    /// The asymmetric-distance lookup table of `query` under `metric`.
    public func lookupTable(for query: [Float], metric: Metric) throws -> ADCTable {
        try requireTrained()
        guard query.count == dimension else {
            throw DenseIndexError.dimensionMismatch(expected: dimension, found: query.count, context: "ADC table query")
        }
        var costs = [Float](repeating: 0, count: subspaces * Self.centroidsPerSubspace)
        query.withUnsafeBufferPointer { q in
            costs.withUnsafeMutableBufferPointer { fillCosts(q.baseAddress!, metric: metric, into: $0.baseAddress!) }
        }
        return ADCTable(metric: metric, subspaces: subspaces, costs: costs)
    }

    /// costs[m][j] for j < 256: −⟨q_m, c_mj⟩ (inner product) or ‖q_m − c_mj‖² (L2);
    /// shape `subspaces × 256`, smaller is closer.
    @inline(__always)
    func fillCosts(_ q: UnsafePointer<Float>, metric: Metric, into costs: UnsafeMutablePointer<Float>) {
        let ds = subDimension, k = Self.centroidsPerSubspace
        transposedBooks.withUnsafeBufferPointer { t in
            bookNorms.withUnsafeBufferPointer { norms in
                for m in 0 ..< subspaces {
                    let row = costs + m * k
                    let slice = q + m * ds
                    CentroidAssigner.innerProducts(slice, dimension: ds, transposed: t.baseAddress! + m * ds * k, paddedCount: k, into: row)
                    switch metric {
                    case .innerProduct:
                        for j in 0 ..< k { row[j] = -row[j] }
                    case .l2:
                        let qq = VectorMath.dot(slice, slice, count: ds)
                        for j in 0 ..< k { row[j] = max(0, qq + norms[m * k + j] - 2 * row[j]) }
                    }
                }
            }
        }
    }

    private mutating func install(_ books: [Float]) {
        let ds = subDimension, k = Self.centroidsPerSubspace
        codebooks = books
        transposedBooks = []
        bookNorms = []
        for m in 0 ..< subspaces {
            let assigner = CentroidAssigner(centroids: VectorMatrix(unchecked: Array(books[m * k * ds ..< (m + 1) * k * ds]), dimension: ds))
            transposedBooks += assigner.transposed
            bookNorms += assigner.squaredNorms
        }
    }

    private func requireTrained() throws {
        guard isTrained else { throw DenseIndexError.notTrained(spec: "PQ\(subspaces)") }
    }
}
