import CBLAS
import Kernels
import Foundation

/// Exact search over float vectors held in RAM: the ground truth for the other
/// indexes and the right choice for small collections. Needs no training.
public struct FlatIndex: VectorIndex {
    public let dimension: Int
    public let metric: Metric
    public var spec: IndexSpec { IndexSpec(.flat) }
    public var isTrained: Bool { true }
    public var count: Int { ids.count }
    /// Equal to `count`: a flat index has nothing to retrain.
    public var trainingCount: Int { count }
    public var residentBytes: Int { count * (8 + 4 * dimension) }

    private var ids: [Int64] = []
    /// Row-major `count × dimension` floats.
    private var vectors: [Float] = []

    /// An empty exact index.
    public init(dimension: Int, metric: Metric) throws {
        guard dimension > 0 else { throw DenseIndexError.invalidArgument("index dimension must be positive, got \(dimension)") }
        self.dimension = dimension
        self.metric = metric
    }

    /// Nothing to learn; checks the dimension only.
    public mutating func train(_ vectors: VectorMatrix) throws {
        try vectors.require(dimension: dimension, context: "train")
    }

    @discardableResult
    public mutating func add(ids: [Int64], vectors: VectorMatrix) throws -> [IndexEntry] {
        try validate(ids: ids, vectors: vectors)
        self.ids += ids
        self.vectors += vectors.values
        return (0 ..< ids.count).map { row in
            IndexEntry(id: ids[row], list: 0, code: Self.bytes(of: vectors.values[row * dimension ..< (row + 1) * dimension]))
        }
    }

    public mutating func insert(_ entries: [IndexEntry]) throws {
        var floats = [Float]()
        floats.reserveCapacity(entries.count * dimension)
        for entry in entries {
            guard entry.list == 0, entry.code.count == 4 * dimension else {
                throw DenseIndexError.invalidEntry(id: entry.id, reason: "a Flat entry needs list 0 and \(4 * dimension) code bytes, got list \(entry.list) and \(entry.code.count) bytes")
            }
            for i in 0 ..< dimension {
                let b = i * 4
                let bits = UInt32(entry.code[b]) | UInt32(entry.code[b + 1]) << 8 | UInt32(entry.code[b + 2]) << 16 | UInt32(entry.code[b + 3]) << 24
                floats.append(Float(bitPattern: bits))
            }
        }
        ids += entries.map(\.id)
        vectors += floats
    }

    @discardableResult
    public mutating func remove(ids doomed: Set<Int64>) -> Int {
        var keptIDs = [Int64](), keptVectors = [Float]()
        for (row, id) in ids.enumerated() where !doomed.contains(id) {
            keptIDs.append(id)
            keptVectors += vectors[row * dimension ..< (row + 1) * dimension]
        }
        defer { ids = keptIDs; vectors = keptVectors }
        return ids.count - keptIDs.count
    }

    public func entries() -> [IndexEntry] {
        ids.enumerated().map { row, id in
            IndexEntry(id: id, list: 0, code: Self.bytes(of: vectors[row * dimension ..< (row + 1) * dimension]))
        }
    }

    /// Exact top-k of one query: one SIMD pass over every vector.
    public func search(query: [Float], k: Int) throws -> [Neighbor] {
        try validate(query: query, k: k)
        var heap = TopK(k: k)
        query.withUnsafeBufferPointer { q in
            vectors.withUnsafeBufferPointer { x in
                for row in 0 ..< count {
                    let cost = metric.cost(q.baseAddress!, x.baseAddress! + row * dimension, dimension: dimension)
                    if cost < heap.threshold { heap.push(cost: cost, id: ids[row]) }
                }
            }
        }
        return heap.neighbors(metric: metric)
    }

    /// Exact top-k of many queries: scores[q][x] = ⟨q, x⟩ by `cblas_sgemm` over blocks of
    /// (256 queries × 8192 vectors); `threads` is left to OpenBLAS.
    public func search(queries: VectorMatrix, k: Int, threads: Int = 2) throws -> [[Neighbor]] {
        try queries.require(dimension: dimension, context: "search queries")
        guard k > 0 else { throw DenseIndexError.invalidArgument("search needs k > 0, got \(k)") }
        let queryBlock = 256, vectorBlock = 8192, d = dimension
        let norms = metric == .l2 ? vectors.withUnsafeBufferPointer { x in
            (0 ..< count).map { VectorMath.dot(x.baseAddress! + $0 * d, x.baseAddress! + $0 * d, count: d) }
        } : []
        var results = [[Neighbor]]()
        var scores = [Float](repeating: 0, count: queryBlock * vectorBlock)
        for queryStart in stride(from: 0, to: queries.count, by: queryBlock) {
            let nq = min(queryBlock, queries.count - queryStart)
            var heaps = Array(repeating: TopK(k: k), count: nq)
            queries.values.withUnsafeBufferPointer { q in
                vectors.withUnsafeBufferPointer { x in
                    scores.withUnsafeMutableBufferPointer { s in
                        for vectorStart in stride(from: 0, to: count, by: vectorBlock) {
                            let nx = min(vectorBlock, count - vectorStart)
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(nq), Int32(nx), Int32(d), 1,
                                        q.baseAddress! + queryStart * d, Int32(d), x.baseAddress! + vectorStart * d, Int32(d),
                                        0, s.baseAddress!, Int32(nx))
                            for r in 0 ..< nq {
                                let row = s.baseAddress! + r * nx
                                for j in 0 ..< nx {
                                    let cost = metric == .l2 ? norms[vectorStart + j] - 2 * row[j] : -row[j]
                                    if cost < heaps[r].threshold { heaps[r].push(cost: cost, id: ids[vectorStart + j]) }
                                }
                            }
                        }
                    }
                }
            }
            for r in 0 ..< nq {
                var found = heaps[r].neighbors(metric: metric)
                if metric == .l2 {
                    let qq = queries.values.withUnsafeBufferPointer {
                        VectorMath.dot($0.baseAddress! + (queryStart + r) * d, $0.baseAddress! + (queryStart + r) * d, count: d)
                    }
                    for i in found.indices { found[i].score = max(0, found[i].score + qq) }
                }
                results.append(found)
            }
        }
        return results
    }

    public func parameters() -> Data {
        var writer = BlobWriter()
        ParameterHeader(spec: spec, metric: metric, dimension: dimension, trainingCount: 0, isTrained: true).write(to: &writer)
        return writer.data
    }

    private static func bytes(of floats: ArraySlice<Float>) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(floats.count * 4)
        for value in floats {
            let bits = value.bitPattern
            bytes += [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                      UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)]
        }
        return bytes
    }
}
