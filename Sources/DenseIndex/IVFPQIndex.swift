import QuarryCore
import Foundation

/// An inverted file over product-quantized residuals (FAISS `IndexIVFPQ`): vectors
/// go to the list of their nearest coarse centroid, the residual x − c is PQ-encoded,
/// and a search scans the `nprobe` lists whose centroids are closest to the query.
public struct IVFPQIndex: VectorIndex {
    public let spec: IndexSpec
    public let metric: Metric
    public let dimension: Int
    public var isTrained: Bool { coarse != nil && quantizer.isTrained }
    public var count: Int { lists.count }
    public private(set) var trainingCount = 0
    public var residentBytes: Int {
        lists.residentBytes + quantizer.codebooks.count * 8 + lists.listCount * dimension * 8
    }
    /// Lists scanned per query; defaults to nlist / 16.
    public var nprobe: Int
    /// Threads for training and encoding.
    public var threads = 2
    /// Number of coarse lists (nlist).
    public var listCount: Int { lists.listCount }

    /// The quantizer of residuals.
    public private(set) var quantizer: ProductQuantizer
    /// Coarse centroids, nil until trained.
    private var coarse: CentroidAssigner?
    private var lists: InvertedLists

    /// An untrained index of an `IVF<nlist>,PQ<M>` spec.
    public init(spec: IndexSpec, dimension: Int, metric: Metric) throws {
        guard case let .ivfPQ(listCount, subspaces) = spec.structure else {
            throw DenseIndexError.invalidSpec(spec.description, reason: "IVFPQIndex needs an 'IVF<nlist>,PQ<M>' spec")
        }
        self.spec = spec
        self.metric = metric
        self.dimension = dimension
        quantizer = try ProductQuantizer(dimension: dimension, subspaces: subspaces)
        lists = InvertedLists(lists: listCount, codeSize: subspaces)
        // A sixteenth of the lists, but at least 16: small collections have few lists.
        nprobe = min(listCount, max(16, listCount / 16))
    }

    /// A trained, empty index from stored parameters (see `IndexLoader`).
    init(header: ParameterHeader, centroids: VectorMatrix, quantizer: ProductQuantizer, nprobe: Int) throws {
        try self.init(spec: header.spec, dimension: header.dimension, metric: header.metric)
        coarse = CentroidAssigner(centroids: centroids)
        self.quantizer = quantizer
        self.nprobe = nprobe
        trainingCount = header.trainingCount
    }

    /// The coarse centroids, `nlist × dimension`, once trained.
    public var centroids: VectorMatrix? { coarse?.centroids }

    /// k-means for the coarse centroids (spherical under inner product, as FAISS does,
    /// so lists are probed by the same ranking vectors were assigned with), then PQ on
    /// the residuals of up to 65,536 sampled training vectors. Needs at least nlist and
    /// 256 vectors.
    public mutating func train(_ vectors: VectorMatrix) throws {
        try vectors.require(dimension: dimension, context: "train")
        let kmeans = KMeans(clusters: listCount, threads: threads, spherical: metric == .innerProduct)
        let assigner = CentroidAssigner(centroids: try kmeans.train(vectors).centroids)
        var random = SeededGenerator(seed: 4321)
        let sampleSize = min(vectors.count, ProductQuantizer.centroidsPerSubspace * 256)
        let sample = random.sample(sampleSize, from: vectors.count).sorted()
        var values = [Float]()
        values.reserveCapacity(sampleSize * dimension)
        for row in sample { values += vectors.values[row * dimension ..< (row + 1) * dimension] }
        let residuals = residualsOf(VectorMatrix(unchecked: values, dimension: dimension), assigner: assigner).residuals
        var trainedQuantizer = quantizer
        try trainedQuantizer.train(residuals, threads: threads)
        coarse = assigner
        quantizer = trainedQuantizer
        lists = InvertedLists(lists: listCount, codeSize: quantizer.codeSize)
        trainingCount = vectors.count
    }

    @discardableResult
    public mutating func add(ids: [Int64], vectors: VectorMatrix) throws -> [IndexEntry] {
        try validate(ids: ids, vectors: vectors)
        let (labels, residuals) = residualsOf(vectors, assigner: coarse!)
        let m = quantizer.codeSize, n = vectors.count
        var codes = [UInt8](repeating: 0, count: n * m)
        residuals.values.withUnsafeBufferPointer { r in
            codes.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let input = r.baseAddress!, output = out.baseAddress!
                let quantizer = quantizer, d = dimension
                ParallelWork.run(count: n, threads: threads) { range in
                    for row in range { quantizer.encode(input + row * d, into: output + row * m) }
                }
            }
        }
        try lists.insert(ids: ids, lists: labels, codes: codes)
        return (0 ..< n).map { row in IndexEntry(id: ids[row], list: labels[row], code: Array(codes[row * m ..< (row + 1) * m])) }
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

    /// Ranks coarse centroids, then scans the `nprobe` best lists with ADC tables. Inner
    /// product needs one table for all lists (⟨q, c + r⟩ = ⟨q, c⟩ + ⟨q, r⟩); L2 one per list,
    /// built for q − c.
    public func search(query: [Float], k: Int) throws -> [Neighbor] {
        try validate(query: query, k: k)
        let coarse = coarse!
        let ksub = ProductQuantizer.centroidsPerSubspace
        var heap = TopK(k: k)
        var coarseCosts = [Float](repeating: 0, count: coarse.paddedCount)
        var table = [Float](repeating: 0, count: quantizer.codeSize * ksub)
        var residual = [Float](repeating: 0, count: dimension)
        query.withUnsafeBufferPointer { q in
            coarseCosts.withUnsafeMutableBufferPointer { costs in
                coarse.innerProducts(q.baseAddress!, into: costs.baseAddress!)
                var probes = TopK(k: min(nprobe, coarse.count))
                for list in 0 ..< coarse.count {
                    let cost = metric == .innerProduct ? -costs[list] : coarse.squaredNorms[list] - 2 * costs[list]
                    probes.push(cost: cost, id: Int64(list))
                }
                table.withUnsafeMutableBufferPointer { t in
                    if metric == .innerProduct {
                        quantizer.fillCosts(q.baseAddress!, metric: .innerProduct, into: t.baseAddress!)
                    }
                    coarse.centroids.values.withUnsafeBufferPointer { c in
                        residual.withUnsafeMutableBufferPointer { r in
                            for list in probes.keptIDs.map({ Int($0) }) {
                                var offset = -costs[list]
                                if metric == .l2 {
                                    for i in 0 ..< dimension { r[i] = q[i] - c[list * dimension + i] }
                                    quantizer.fillCosts(r.baseAddress!, metric: .l2, into: t.baseAddress!)
                                    offset = 0
                                }
                                lists.scan(list: list, table: t.baseAddress!, offset: offset, into: &heap)
                            }
                        }
                    }
                }
            }
        }
        return heap.neighbors(metric: metric)
    }

    public func parameters() -> Data {
        var writer = BlobWriter()
        ParameterHeader(spec: spec, metric: metric, dimension: dimension, trainingCount: trainingCount, isTrained: isTrained)
            .write(to: &writer)
        if let coarse, isTrained {
            writer.write(coarse.centroids.values)
            writer.write(quantizer.codebooks)
            writer.write(UInt32(nprobe))
        }
        return writer.data
    }

    /// Each vector's nearest coarse centroid and its residual x − c.
    private func residualsOf(_ vectors: VectorMatrix, assigner: CentroidAssigner) -> (labels: [Int32], residuals: VectorMatrix) {
        let labels = vectors.values.withUnsafeBufferPointer { assigner.assign($0.baseAddress!, count: vectors.count, threads: threads).labels }
        var values = vectors.values
        let d = dimension
        // Rows are `count × d` floats and labels index the assigner's centroids: in bounds.
        values.withUnsafeMutableBufferPointer { values in
            assigner.centroids.values.withUnsafeBufferPointer { centroids in
                for row in 0 ..< vectors.count {
                    let c = centroids.baseAddress! + Int(labels[row]) &* d, x = values.baseAddress! + row &* d
                    for i in 0 ..< d { x[i] -= c[i] }
                }
            }
        }
        return (labels, VectorMatrix(unchecked: values, dimension: d))
    }
}
