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
            if !retrain, let stored = try snapshot.denseParameters() {
                var index = try IndexLoader.load(parameters: stored.parameters)
                let wanted = spec ?? IndexSpec.automatic(count: count, dimension: index.dimension)
                let sameKind = (wanted.structure == .flat) == (index.spec.structure == .flat)
                let grown = index.spec.structure != .flat && Double(count) > retrainGrowth * Double(stored.trainedCount)
                if sameKind && !grown && (spec == nil || spec == index.spec) {
                    guard index.spec.structure != .flat else {
                        return Outcome(spec: index.spec.description, vectors: count, trained: false, encoded: 0)
                    }
                    let pending = try snapshot.vectorBlobs(withoutCodes: true)
                    let (ids, matrix) = try Self.matrix(pending, dimension: index.dimension)
                    let entries = pending.isEmpty ? [] : try index.add(ids: ids, vectors: matrix)
                    try transaction.add(entries.map(Self.code))
                    return Outcome(spec: index.spec.description, vectors: count, trained: false, encoded: entries.count)
                }
            }
            return try train(count: count, in: transaction)
        }
    }

    private func train(count: Int, in transaction: DenseIndexTransaction) throws -> Outcome {
        let blobs = try transaction.snapshot.vectorBlobs()
        let dimension = blobs[0].blob.count / 4
        let chosen = spec ?? IndexSpec.automatic(count: count, dimension: dimension)
        var index = try chosen.makeIndex(dimension: dimension, metric: .innerProduct)
        guard chosen.structure != .flat else {
            try transaction.replace(parameters: index.parameters(), trainedCount: count, codes: [])
            return Outcome(spec: chosen.description, vectors: count, trained: true, encoded: 0)
        }
        let (ids, matrix) = try Self.matrix(blobs, dimension: dimension)
        try index.train(matrix)
        let entries = try index.add(ids: ids, vectors: matrix)
        try transaction.replace(parameters: index.parameters(), trainedCount: count, codes: entries.map(Self.code))
        return Outcome(spec: chosen.description, vectors: count, trained: true, encoded: entries.count)
    }

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

    private static func code(_ entry: IndexEntry) -> DenseCode {
        DenseCode(chunkID: entry.id, list: entry.list, code: Data(entry.code))
    }
}
