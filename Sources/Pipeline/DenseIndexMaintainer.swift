import DenseIndex
import Foundation
import QuarryCore
import Store

/// Keeps an index file's dense index in step with its embeddings after ingest: trains
/// it the first time, encodes new chunks with the trained parameters, and retrains
/// when the collection has grown past `retrainGrowth` times its training size, when
/// the automatic spec moves between exact and quantized, or when asked.
public struct DenseIndexMaintainer: Sendable {
    /// What a refresh did.
    public struct Outcome: Sendable, Codable, Equatable {
        public var spec: String
        public var vectors: Int
        public var trained: Bool
        public var encoded: Int
    }

    public let store: QuarryStore
    /// The spec to train with; nil picks `IndexSpec.automatic` by collection size.
    public var spec: IndexSpec?
    public var retrainGrowth: Double = 2

    public init(store: QuarryStore, spec: IndexSpec? = nil) {
        self.store = store
        self.spec = spec
    }

    /// Brings the dense index up to date; returns nil when there are no embeddings.
    /// Reads and writes happen in one write transaction, so two indexers never
    /// interleave.
    @discardableResult
    public func refresh(retrain: Bool = false) throws -> Outcome? {
        try store.updateDenseIndex { transaction in
            let snapshot = transaction.snapshot
            let count = try snapshot.vectorCount()
            guard count > 0 else {
                try transaction.clear()
                return nil
            }
            if !retrain, let stored = try snapshot.denseParameters(),
               var index = try Self.kept(
                   parameters: stored.parameters, trainedCount: stored.trainedCount, count: count, spec: spec,
                   retrainGrowth: retrainGrowth
               ) {
                guard index.spec.structure != .flat else {
                    return Outcome(spec: index.spec.description, vectors: count, trained: false, encoded: 0)
                }
                let pending = try snapshot.vectorBlobs(withoutCodes: true)
                let (ids, matrix) = try Self.matrix(pending, dimension: index.dimension)
                let entries = pending.isEmpty ? [] : try index.add(ids: ids, vectors: matrix)
                try transaction.add(entries.map(Self.code))
                try sealIfDue(transaction)
                return Outcome(spec: index.spec.description, vectors: count, trained: false, encoded: entries.count)
            }
            let outcome = try train(count: count, in: transaction)
            if outcome.encoded > 0 { try transaction.seal() }
            return outcome
        }
    }

    /// The stored index, to encode new vectors into, when it is still the one to keep
    /// for `count` vectors: nil when it must be trained again (the automatic spec moved
    /// between exact and quantized, the collection grew past `retrainGrowth` times its
    /// training size, or `spec` names another index).
    static func kept(
        parameters: Data, trainedCount: Int, count: Int, spec: IndexSpec?, retrainGrowth: Double
    ) throws -> (any VectorIndex)? {
        let index = try IndexLoader.load(parameters: parameters)
        let wanted = spec ?? IndexSpec.automatic(count: count, dimension: index.dimension)
        let sameKind = (wanted.structure == .flat) == (index.spec.structure == .flat)
        let grown = index.spec.structure != .flat && Double(count) > retrainGrowth * Double(trainedCount)
        return sameKind && !grown && (spec == nil || spec == index.spec) ? index : nil
    }

    /// Codes added or removed since the seal past which a refresh seals again: an open
    /// replays at most this many changes (or 1/32 of the index) on the sealed lists.
    static let resealChanges = 4_096

    /// Seals the lists when there is no usable seal or the codes have moved well past it.
    private func sealIfDue(_ transaction: DenseIndexTransaction) throws {
        let snapshot = transaction.snapshot
        if let seal = try snapshot.denseSeal(), seal.isUsable(at: try snapshot.generation()),
           abs(try snapshot.denseCodeCount() - seal.entries) < max(Self.resealChanges, seal.entries / 32) {
            return
        }
        try transaction.seal()
    }

    /// Trains on a sample of the vectors (all of them up to the sample size, so small
    /// collections train as before), then encodes every vector a page at a time: memory
    /// holds the sample, one page and the codes, never the collection's floats.
    private func train(count: Int, in transaction: DenseIndexTransaction) throws -> Outcome {
        let snapshot = transaction.snapshot
        let ids = try snapshot.vectorChunkIDs()
        guard let firstBlob = try snapshot.vectorBlobs(ids: [ids[0]]).first?.blob else { throw Self.vanished }
        let dimension = firstBlob.count / 4
        let chosen = spec ?? IndexSpec.automatic(count: count, dimension: dimension)
        var index = try chosen.makeIndex(dimension: dimension, metric: .innerProduct)
        guard chosen.structure != .flat else {
            try transaction.replace(parameters: index.parameters(), trainedCount: count, codes: [])
            return Outcome(spec: chosen.description, vectors: count, trained: true, encoded: 0)
        }
        let sampleSize = Self.trainingSampleSize(for: chosen)
        var random = SeededGenerator(seed: 2024)
        let sample = ids.count <= sampleSize ? ids : random.sample(sampleSize, from: ids.count).sorted().map { ids[$0] }
        var training: [(chunkID: Int64, blob: Data)] = []
        training.reserveCapacity(sample.count)
        for start in stride(from: 0, to: sample.count, by: Self.pageSize) {
            training += try snapshot.vectorBlobs(ids: Array(sample[start..<min(start + Self.pageSize, sample.count)]))
        }
        try index.train(try Self.matrix(training, dimension: dimension).1)
        training = []
        try transaction.replace(parameters: index.parameters(), trainedCount: count, codes: [])
        var after = Int64.min
        var encoded = 0
        while true {
            let page = try snapshot.vectorBlobs(after: after, limit: Self.pageSize)
            guard let last = page.last else { break }
            let (pageIDs, matrix) = try Self.matrix(page, dimension: dimension)
            try transaction.add(try index.add(ids: pageIDs, vectors: matrix).map(Self.code))
            encoded += page.count
            after = last.chunkID
        }
        return Outcome(spec: chosen.description, vectors: count, trained: true, encoded: encoded)
    }

    /// Vectors read per page when encoding, and per query when fetching the sample.
    static let pageSize = 8_192

    /// The most vectors training looks at: k-means samples 256 per list (FAISS's
    /// `max_points_per_centroid`) and the product quantizer 65,536; more would only
    /// cost memory.
    static func trainingSampleSize(for spec: IndexSpec) -> Int {
        let pqSample = ProductQuantizer.centroidsPerSubspace * 256
        guard case let .ivfPQ(lists, _) = spec.structure else { return pqSample }
        return max(KMeans(clusters: lists).maxPointsPerCluster * lists, pqSample)
    }

    static let vanished = QuarryError(.internal, "the index's vectors changed during training; run the index command again")

    /// The vectors of `blobs` as one matrix, with their chunk ids.
    static func matrix(_ blobs: [(chunkID: Int64, blob: Data)], dimension: Int) throws -> ([Int64], VectorMatrix) {
        var values: [Float] = []
        values.reserveCapacity(blobs.count * dimension)
        for item in blobs {
            guard let vector = VectorBlob.decode(item.blob), vector.count == dimension else {
                throw QuarryError(.internal, "chunk \(item.chunkID) has a stored vector of the wrong size; re-index into a new --index file")
            }
            values += vector
        }
        return (blobs.map(\.chunkID), try VectorMatrix(values: values, dimension: dimension))
    }

    static func code(_ entry: IndexEntry) -> DenseCode {
        DenseCode(chunkID: entry.id, list: entry.list, code: Data(entry.code))
    }
}
