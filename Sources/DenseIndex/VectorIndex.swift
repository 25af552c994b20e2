import QuarryCore
import Foundation

/// The one index abstraction, in the manner of FAISS's `Index`: train on a sample,
/// add vectors under caller ids, search, remove by id. Indexes are values: search
/// is safe from many threads at once; `train`, `add` and `remove` mutate.
public protocol VectorIndex: Sendable {
    /// The factory string this index was built from.
    var spec: IndexSpec { get }
    /// Floats per vector.
    var dimension: Int { get }
    /// How closeness is measured.
    var metric: Metric { get }
    /// Whether `add` and `search` may be called.
    var isTrained: Bool { get }
    /// Vectors stored.
    var count: Int { get }
    /// How many vectors `train` was last given (0 when training is not needed).
    var trainingCount: Int { get }
    /// Bytes the index holds in RAM: codes, ids, centroids and codebooks.
    var residentBytes: Int { get }

    /// Learns the index's parameters from a sample of the collection.
    mutating func train(_ vectors: VectorMatrix) throws
    /// Stores `vectors` under `ids` (one id per row) and returns the entry of each,
    /// for the store to persist. An id added twice is kept twice.
    @discardableResult
    mutating func add(ids: [Int64], vectors: VectorMatrix) throws -> [IndexEntry]
    /// Re-inserts stored entries into an index loaded from its parameters.
    mutating func insert(_ entries: [IndexEntry]) throws
    /// Re-inserts stored entries given as columns, `codes` holding their codes back to
    /// back: what an open uses for a million entries, without an array per entry.
    mutating func insert(ids: [Int64], lists: [Int32], codes: [UInt8]) throws
    /// Removes every entry with one of `ids`; returns how many were removed.
    @discardableResult
    mutating func remove(ids: Set<Int64>) -> Int
    /// Every stored entry.
    func entries() -> [IndexEntry]
    /// The `k` nearest stored vectors by the index's (possibly approximate) scores.
    func search(query: [Float], k: Int) throws -> [Neighbor]
    /// The trained parameters (spec, centroids, codebooks) as one versioned
    /// little-endian blob; `IndexLoader.load(parameters:)` reads it back.
    func parameters() -> Data
}

extension VectorIndex {
    /// Splits the columns into entries for `insert(_:)`.
    public mutating func insert(ids: [Int64], lists: [Int32], codes: [UInt8]) throws {
        guard lists.count == ids.count else {
            throw DenseIndexError.invalidArgument("\(ids.count) ids for \(lists.count) lists")
        }
        guard !ids.isEmpty else {
            guard codes.isEmpty else { throw DenseIndexError.invalidArgument("\(codes.count) code bytes for no ids") }
            return
        }
        let size = codes.count / ids.count
        guard size * ids.count == codes.count else {
            throw DenseIndexError.invalidArgument("\(codes.count) code bytes are not whole codes for \(ids.count) ids")
        }
        try insert((0 ..< ids.count).map { IndexEntry(id: ids[$0], list: lists[$0], code: Array(codes[$0 * size ..< ($0 + 1) * size])) })
    }

    /// `count / trainingCount`: how much the collection has grown since training, for
    /// the pipeline to decide on retraining (∞ when trained on nothing but not empty).
    public var growthSinceTraining: Double {
        guard trainingCount > 0 else { return count == 0 ? 1 : .infinity }
        return Double(count) / Double(trainingCount)
    }

    /// The `k` nearest of each row of `queries`, searched on `threads` threads.
    public func search(queries: VectorMatrix, k: Int, threads: Int = 2) throws -> [[Neighbor]] {
        try queries.require(dimension: dimension, context: "search queries")
        return try ParallelWork.map(count: queries.count, threads: threads) { row in
            try search(query: queries[row], k: k)
        }
    }

    /// Searches a shortlist of `k × factor` candidates (`factor` defaults to the spec's
    /// refine factor, else 1), then re-scores them exactly with vectors read from
    /// `source` and returns the best `k` by exact score. Ids the source no longer has
    /// (deleted under the search) are left out.
    public func search(query: [Float], k: Int, refiningWith source: any VectorSource, factor: Int? = nil) throws -> [Neighbor] {
        let shortlist = try search(query: query, k: k * max(1, factor ?? spec.refineFactor ?? 1))
        let ids = shortlist.map(\.id)
        let vectors = try source.vectors(for: ids)
        guard vectors.count == ids.count else {
            throw DenseIndexError.invalidArgument("the vector source returned \(vectors.count) vectors for \(ids.count) ids")
        }
        var heap = TopK(k: k)
        try query.withUnsafeBufferPointer { q in
            for (id, stored) in zip(ids, vectors) {
                guard let vector = stored else { continue }
                guard vector.count == dimension else {
                    throw DenseIndexError.dimensionMismatch(expected: dimension, found: vector.count, context: "stored vector of id \(id)")
                }
                vector.withUnsafeBufferPointer { v in
                    heap.push(cost: metric.cost(q.baseAddress!, v.baseAddress!, dimension: dimension), id: id)
                }
            }
        }
        return heap.neighbors(metric: metric)
    }

    /// `search(query:k:refiningWith:factor:)` for each row of `queries` on `threads` threads.
    public func search(queries: VectorMatrix, k: Int, refiningWith source: any VectorSource & Sendable, factor: Int? = nil,
                       threads: Int = 2) throws -> [[Neighbor]] {
        try queries.require(dimension: dimension, context: "search queries")
        return try ParallelWork.map(count: queries.count, threads: threads) { row in
            try search(query: queries[row], k: k, refiningWith: source, factor: factor)
        }
    }

    /// Throws unless `query` has `dimension` floats and `k` is positive.
    func validate(query: [Float], k: Int) throws {
        guard query.count == dimension else {
            throw DenseIndexError.dimensionMismatch(expected: dimension, found: query.count, context: "search query")
        }
        guard k > 0 else { throw DenseIndexError.invalidArgument("search needs k > 0, got \(k)") }
        guard isTrained else { throw DenseIndexError.notTrained(spec: spec.description) }
    }

    /// Throws unless `ids` and `vectors` pair up and fit the index.
    func validate(ids: [Int64], vectors: VectorMatrix) throws {
        try vectors.require(dimension: dimension, context: "add")
        guard ids.count == vectors.count else {
            throw DenseIndexError.invalidArgument("add got \(ids.count) ids for \(vectors.count) vectors; pass one id per vector")
        }
        guard isTrained else { throw DenseIndexError.notTrained(spec: spec.description) }
    }
}
