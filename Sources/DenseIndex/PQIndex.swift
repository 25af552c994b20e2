import Foundation

/// Product-quantized codes scanned exhaustively with ADC tables (FAISS `IndexPQ`):
/// `subspaces + 8` bytes per vector, no coarse quantizer.
public struct PQIndex: VectorIndex {
    public let spec: IndexSpec
    public let metric: Metric
    public var dimension: Int { quantizer.dimension }
    public var isTrained: Bool { quantizer.isTrained }
    public var count: Int { lists.count }
    public private(set) var trainingCount = 0
    public var residentBytes: Int { lists.residentBytes + quantizer.codebooks.count * 8 }
    /// Threads for training and encoding.
    public var threads = 2

    /// The quantizer whose codes are stored.
    public private(set) var quantizer: ProductQuantizer
    private var lists: InvertedLists

    /// An untrained index of a `PQ<M>` spec.
    public init(spec: IndexSpec, dimension: Int, metric: Metric) throws {
        guard case let .pq(subspaces) = spec.structure else {
            throw DenseIndexError.invalidSpec(spec.description, reason: "PQIndex needs a 'PQ<M>' spec")
        }
        self.spec = spec
        self.metric = metric
        quantizer = try ProductQuantizer(dimension: dimension, subspaces: subspaces)
        lists = InvertedLists(lists: 1, codeSize: subspaces)
    }

    /// A trained, empty index from stored parameters (see `IndexLoader`).
    init(header: ParameterHeader, quantizer: ProductQuantizer) throws {
        try self.init(spec: header.spec, dimension: header.dimension, metric: header.metric)
        self.quantizer = quantizer
        trainingCount = header.trainingCount
    }

    public mutating func train(_ vectors: VectorMatrix) throws {
        try vectors.require(dimension: dimension, context: "train")
        try quantizer.train(vectors, threads: threads)
        trainingCount = vectors.count
    }

    @discardableResult
    public mutating func add(ids: [Int64], vectors: VectorMatrix) throws -> [IndexEntry] {
        try validate(ids: ids, vectors: vectors)
        let codes = try quantizer.encode(vectors)
        let m = quantizer.codeSize
        try lists.insert(ids: ids, lists: [Int32](repeating: 0, count: ids.count), codes: codes)
        return ids.enumerated().map { row, id in IndexEntry(id: id, list: 0, code: Array(codes[row * m ..< (row + 1) * m])) }
    }

    public mutating func insert(_ entries: [IndexEntry]) throws {
        try lists.insert(entries)
    }

    public mutating func insert(ids: [Int64], lists listColumn: [Int32], codes: [UInt8]) throws {
        try lists.insert(ids: ids, lists: listColumn, codes: codes)
    }

    @discardableResult
    public mutating func remove(ids: Set<Int64>) -> Int {
        lists.remove(ids)
    }

    public func entries() -> [IndexEntry] {
        lists.entries()
    }

    /// Builds the query's ADC table and scans every code.
    public func search(query: [Float], k: Int) throws -> [Neighbor] {
        try validate(query: query, k: k)
        var heap = TopK(k: k)
        var table = [Float](repeating: 0, count: quantizer.codeSize * ProductQuantizer.centroidsPerSubspace)
        query.withUnsafeBufferPointer { q in
            table.withUnsafeMutableBufferPointer { t in
                quantizer.fillCosts(q.baseAddress!, metric: metric, into: t.baseAddress!)
                lists.scan(list: 0, table: t.baseAddress!, offset: 0, into: &heap)
            }
        }
        return heap.neighbors(metric: metric)
    }

    public func parameters() -> Data {
        var writer = BlobWriter()
        ParameterHeader(spec: spec, metric: metric, dimension: dimension, trainingCount: trainingCount, isTrained: isTrained)
            .write(to: &writer)
        if isTrained { writer.write(quantizer.codebooks) }
        return writer.data
    }
}
