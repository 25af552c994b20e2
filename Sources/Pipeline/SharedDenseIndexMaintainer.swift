import DenseIndex
import Foundation
import QuarryCore
import Store

/// ``DenseIndexMaintainer`` for a shared store (PostgreSQL), which has no write
/// transaction a writer can read in: the update is computed from one snapshot and
/// written only if no writer retrained or dropped the dense index meanwhile
/// (``IndexStore/updateDenseIndex(_:ifDenseGeneration:)``), else computed again. The
/// same rules decide when to train, encode or retrain; the codes are the same as a
/// file's for the same vectors and training sample.
public struct SharedDenseIndexMaintainer: Sendable {
    public let store: any IndexStore
    /// The spec to train with; nil picks `IndexSpec.automatic` by collection size.
    public var spec: IndexSpec?
    public var retrainGrowth: Double = 2
    /// Times an update is computed again after another writer changed the dense index.
    static let attempts = 5

    public init(store: any IndexStore, spec: IndexSpec? = nil) {
        self.store = store
        self.spec = spec
    }

    /// Brings the dense index up to date; returns nil when there are no embeddings.
    @discardableResult
    public func refresh(retrain: Bool = false) async throws -> DenseIndexMaintainer.Outcome? {
        for _ in 0..<Self.attempts {
            let (denseGeneration, update, outcome) = try await store.withSnapshot { snapshot in
                try await plan(snapshot, retrain: retrain)
            }
            guard let update else { return outcome }
            if try await store.updateDenseIndex(update, ifDenseGeneration: denseGeneration) { return outcome }
        }
        throw QuarryError(
            .unavailable,
            "\(store.location): other writers kept retraining the dense index while this one was encoding; run the command again"
        )
    }

    /// The dense generation `snapshot` is at, the update that brings its dense index up
    /// to date (nil: none needed) and what it does.
    private func plan(
        _ snapshot: any IndexSnapshot, retrain: Bool
    ) async throws -> (Int64, DenseIndexUpdate?, DenseIndexMaintainer.Outcome?) {
        let denseGeneration = try await snapshot.generation().denseGeneration
        let count = try await snapshot.vectorCount()
        let stored = try await snapshot.denseParameters()
        guard count > 0 else { return (denseGeneration, stored == nil ? nil : .clear, nil) }
        if !retrain, let stored, var index = try DenseIndexMaintainer.kept(
            parameters: stored.parameters, trainedCount: stored.trainedCount, count: count, spec: spec,
            retrainGrowth: retrainGrowth
        ) {
            guard index.spec.structure != .flat else {
                return (denseGeneration, nil, .init(spec: index.spec.description, vectors: count, trained: false, encoded: 0))
            }
            let pending = try await snapshot.vectorBlobs(ids: nil, withoutCodes: true).map { (chunkID: $0.chunkID, blob: $0.blob) }
            guard !pending.isEmpty else {
                return (denseGeneration, nil, .init(spec: index.spec.description, vectors: count, trained: false, encoded: 0))
            }
            let (ids, matrix) = try DenseIndexMaintainer.matrix(pending, dimension: index.dimension)
            let codes = try index.add(ids: ids, vectors: matrix).map(DenseIndexMaintainer.code)
            return (
                denseGeneration, .add(codes),
                .init(spec: index.spec.description, vectors: count, trained: false, encoded: codes.count)
            )
        }
        // As the file's maintainer trains: the same sample of the ids, encoded a page at a
        // time (the same pages, so the same codes), never the collection's floats at once.
        let ids = try await snapshot.vectorChunkIDs()
        guard let firstID = ids.first, let first = try await snapshot.vectorBlobs(ids: [firstID], withoutCodes: false).first
        else { throw DenseIndexMaintainer.vanished }
        let dimension = first.blob.count / 4
        let chosen = spec ?? IndexSpec.automatic(count: ids.count, dimension: dimension)
        var index = try chosen.makeIndex(dimension: dimension, metric: .innerProduct)
        guard chosen.structure != .flat else {
            return (
                denseGeneration, .replace(parameters: index.parameters(), trainedCount: ids.count, codes: []),
                .init(spec: chosen.description, vectors: ids.count, trained: true, encoded: 0)
            )
        }
        let sampleSize = DenseIndexMaintainer.trainingSampleSize(for: chosen)
        var random = SeededGenerator(seed: 2024)
        let sample = ids.count <= sampleSize ? ids : random.sample(sampleSize, from: ids.count).sorted().map { ids[$0] }
        let pageSize = DenseIndexMaintainer.pageSize
        let training = try await snapshot.vectorBlobs(paging: sample, by: pageSize)
        try index.train(try DenseIndexMaintainer.matrix(training, dimension: dimension).1)
        var codes: [DenseCode] = []
        codes.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: pageSize) {
            let page = try await snapshot.vectorBlobs(paging: Array(ids[start..<min(start + pageSize, ids.count)]), by: pageSize)
            let (pageIDs, matrix) = try DenseIndexMaintainer.matrix(page, dimension: dimension)
            codes += try index.add(ids: pageIDs, vectors: matrix).map(DenseIndexMaintainer.code)
        }
        return (
            denseGeneration, .replace(parameters: index.parameters(), trainedCount: ids.count, codes: codes),
            .init(spec: chosen.description, vectors: ids.count, trained: true, encoded: codes.count)
        )
    }

}
