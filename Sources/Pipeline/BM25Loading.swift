import Foundation
import SparseIndex
import Store

/// Opens an index file's BM25 index without reading its postings: the sealed segments
/// (ids and lengths in memory, postings read per query), then the chunks written and
/// removed since the seal, replayed from the change log into in-memory segments. A
/// file with nothing usable sealed (written by a Quarry before sealed segments, or
/// whose change log no longer reaches back to its seal) is loaded whole, as before.
/// ``seal(_:base:at:store:)`` writes the in-memory segments back as one stored segment.
enum BM25Loading {
    /// In-memory documents past which an open or a refresh seals them.
    static let sealThreshold = 20_000
    /// Chunks added past which `quarry index` seals in the middle of a corpus file.
    static let ingestSealChunks = 50_000
    /// Chunks whose postings are read per statement while replaying.
    private static let replayBatch = 5_000

    /// The BM25 index at `snapshot`'s generation and the sealed generation it started
    /// from (the base a later seal checks).
    static func load(
        from snapshot: StoreSnapshot, storage: SQLiteSegmentStorage, parameters: BM25Parameters
    ) throws -> (index: BM25Index, sealedGeneration: Int64) {
        let generation = try snapshot.generation()
        let (sealed, records) = try snapshot.sealedSegments()
        var index = BM25Index(parameters: parameters)
        guard sealed > 0, generation.logStart <= sealed, sealed <= generation.generation else {
            let columns = try snapshot.postingColumns()
            index.add(SegmentColumns(
                ids: columns.chunkIDs, lengths: columns.termCounts, documentStarts: columns.chunkStarts,
                termRows: columns.termRows, counts: columns.frequencies, terms: columns.terms
            ))
            return (index, sealed)
        }
        try index.addStored(
            records.map { StoredSegment(id: $0.id, documentIDs: $0.chunkIDs, lengths: $0.lengths, deleted: $0.deleted) },
            storage: storage, cache: storage.cache
        )
        try replay(try snapshot.changes(since: sealed), from: snapshot, into: &index)
        return (index, sealed)
    }

    /// Applies `changes` to `index`: removals marked, additions as new segments.
    static func replay(_ changes: ChunkChanges, from snapshot: StoreSnapshot, into index: inout BM25Index) throws {
        index.remove(ids: changes.removed)
        var start = 0
        while start < changes.added.count {
            let batch = Array(changes.added[start..<min(start + replayBatch, changes.added.count)])
            index.add(try snapshot.postings(ids: batch).map {
                BM25Document(id: $0.chunkID, length: $0.termCount, frequencies: $0.frequencies)
            })
            start += replayBatch
        }
    }

    /// Whether `index` should be sealed: nothing of it is stored yet, or its in-memory
    /// documents reached `threshold`.
    static func sealIsDue(_ index: BM25Index, threshold: Int = sealThreshold) -> Bool {
        let resident = index.residentDocumentCount
        return resident >= threshold || (resident > 0 && resident == index.documentCount)
    }

    /// Writes `index`'s in-memory segments as one stored segment and its stored
    /// segments' deletions, marked sealed at `generation`, in one transaction; false
    /// when another process sealed since `base`.
    static func seal(_ index: BM25Index, base: Int64, at generation: Int64, store: QuarryStore) throws -> Bool {
        let plan = index.sealPlan()
        return try store.seal(
            base: base, generation: generation, deletions: plan.deletions,
            segment: plan.segment.map { ($0.documentIDs, $0.lengths, $0.postings) }
        )
    }

    /// Seals the index file's BM25 index when it is due by ``sealIsDue(_:threshold:)``
    /// (a writer's last step: the next open reads postings on demand); true when it
    /// wrote a seal. The index is not even opened while fewer than `threshold` chunks
    /// were added since the last seal (a count from the change log).
    @discardableResult
    static func sealIfDue(store: QuarryStore, parameters: BM25Parameters, threshold: Int) throws -> Bool {
        let opened: (index: BM25Index, base: Int64, generation: Int64)? = try store.read { snapshot in
            let generation = try snapshot.generation()
            let backlog = try snapshot.sealBacklog()
            if backlog.sealedGeneration > 0, generation.logStart <= backlog.sealedGeneration, backlog.added < threshold {
                return nil
            }
            // A writer's one-off open: nothing is queried, so nothing is cached.
            let storage = SQLiteSegmentStorage(store: store, cache: PostingCache(capacity: 0))
            let (index, base) = try load(from: snapshot, storage: storage, parameters: parameters)
            return (index, base, generation.generation)
        }
        guard let opened, sealIsDue(opened.index, threshold: threshold) else { return false }
        return try seal(opened.index, base: opened.base, at: opened.generation, store: store)
    }
}
