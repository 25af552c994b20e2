import Foundation
import QuarryCore

/// The durable records of one index, whatever holds them: the seam between Quarry's
/// retrieval and its storage (SQLite's ``QuarryStore``, or PostgreSQL's `PostgresStore`
/// shared by several nodes).
///
/// A store holds what must survive a restart: sources, documents, chunks with their
/// per-chunk term counts, vectors, dense codes and parameters, surprisal, metadata, and
/// the change log with its write generation. It holds no retrieval state: each node
/// builds its own BM25 and dense indexes from these records and keeps them current by
/// following the change log (``IndexFollower``). Every write is one transaction that
/// bumps the generation and logs the chunks it added and removed; every read through
/// ``withSnapshot(_:)`` sees one committed generation.
///
/// Failures are ``QuarryError``s naming the index and what to do; a store that cannot be
/// reached (PostgreSQL down, a locked or full disk) throws ``QuarryError/Kind/unavailable``
/// with a `retryAfter`.
public protocol IndexStore: Sendable {
    /// Where the index is; its description is safe to print (no password).
    var location: IndexLocation { get }

    // MARK: Writes (each one transaction, one new generation)

    /// Replaces everything indexed from `source.path` with `source`. Two writers of the
    /// same path at once end with one of them whole, never both or a mix. Returns the
    /// ids of the chunks written.
    @discardableResult
    func replace(_ source: NewSource) async throws -> [Int64]

    /// Appends `documents` to the source at `path` (one batch of a many-document source);
    /// `complete` sets the source's hash (the last batch). Returns the chunk ids written.
    @discardableResult
    func append(_ documents: [NewDocument], toSource path: String, complete sha256: String?) async throws -> [Int64]

    /// Removes the sources at `paths` with all their rows. Returns the chunk ids removed.
    @discardableResult
    func remove(paths: [String]) async throws -> [Int64]

    /// Stores `value` under `key` in the index's metadata.
    func setMeta(_ key: String, _ value: String) async throws

    /// Applies `update` to the dense index if its dense generation is still
    /// `denseGeneration` (the one the update was computed from); returns false, writing
    /// nothing, when another writer retrained or dropped it meanwhile. Codes of chunks
    /// removed meanwhile are skipped.
    func updateDenseIndex(_ update: DenseIndexUpdate, ifDenseGeneration denseGeneration: Int64) async throws -> Bool

    // MARK: Reads

    /// Runs `body` on one consistent read of the index: everything it reads comes from
    /// the same committed generation, whatever writers do meanwhile.
    func withSnapshot<T: Sendable>(_ body: (any IndexSnapshot) async throws -> T) async throws -> T

    /// The source indexed from `path`, if any.
    func source(path: String) async throws -> SourceRecord?

    /// Every indexed source, ordered by path.
    func sources() async throws -> [SourceRecord]

    /// How many documents the source at `path` holds, if it is in the index.
    func documentCount(ofSource path: String) async throws -> Int?

    /// Which of `ids` the source at `path` already holds as document ids (a corpus read
    /// in batches checks each batch's `_id`s against the batches written before it).
    func externalIDs(_ ids: [String], inSource path: String) async throws -> Set<String>

    /// At most `limit` sources ordered by path from the `offset`-th on, with their counts.
    func sourceList(offset: Int, limit: Int) async throws -> SourceList

    /// The document and chunk counts with the generation they were read at.
    func size() async throws -> IndexSize

    /// Every chunk's document key (the external id, such as a BEIR `_id`, else the source
    /// path), for mapping retrieved chunks to judged documents in evaluation.
    func documentKeys() async throws -> [Int64: String]

    /// What the index holds (the distinct-term count reads every chunk's terms).
    func statistics() async throws -> IndexStatistics

    /// Why a write would fail, as far as this process knows (read-only, or the last
    /// write failed for a reason of the machine's and none has succeeded since); nil
    /// when writes work. For `/readyz`.
    var writeProblem: QuarryError? { get }

    /// Wakes a follower when another writer may have committed (PostgreSQL's `NOTIFY`);
    /// a store with no such signal returns nil and its followers poll.
    func changeSignals() -> AsyncStream<Void>?

    /// Lets go of what the store holds open beyond this process's need (PostgreSQL's idle
    /// connections); SQLite's file closes with the store. Call it once done with a store.
    func close() async
}

extension IndexStore {
    /// The current generation (named apart from ``QuarryStore/generation()``, which its
    /// synchronous callers keep).
    public func currentGeneration() async throws -> IndexGeneration {
        try await withSnapshot { try await $0.generation() }
    }
}

/// One consistent read of an index (``IndexStore/withSnapshot(_:)``); valid only inside
/// that call.
public protocol IndexSnapshot: Sendable {
    /// The generation this snapshot reads.
    func generation() async throws -> IndexGeneration
    /// The net chunk changes after generation `since` up to this snapshot's; complete
    /// only when `since + 1 >= generation().logStart`.
    func changes(since: Int64) async throws -> ChunkChanges
    /// Every chunk's id, ascending (to read a large index a page at a time).
    func chunkIDs() async throws -> [Int64]
    /// Each chunk's analysed term counts and BM25 length, ordered by chunk id: of `ids`,
    /// or of every chunk when nil.
    func termCounts(ids: [Int64]?) async throws -> [ChunkPostings]
    /// The chunks with `ids`, in that order (missing ids skipped).
    func chunks(ids: [Int64]) async throws -> [StoredChunk]
    /// The stored surprisal of each chunk in `ids` that has one.
    func surprisal(ids: [Int64]) async throws -> [Int64: TokenSurprisal]
    /// Each chunk's embedding in the order of `ids`; nil where it has none.
    func vectors(for ids: [Int64]) async throws -> [[Float]?]
    /// Embeddings as raw blobs ordered by chunk id: all, those of `ids`, or
    /// (`withoutCodes`) those the dense index has not encoded.
    func vectorBlobs(ids: [Int64]?, withoutCodes: Bool) async throws -> [VectorRecord]
    /// How many chunks have an embedding.
    func vectorCount() async throws -> Int
    /// The ids of the chunks that have an embedding, ascending (training samples and
    /// encodes them a page at a time).
    func vectorChunkIDs() async throws -> [Int64]
    /// The trained dense-index parameters and how many vectors they were trained on.
    func denseParameters() async throws -> DenseParameters?
    /// Every stored dense code, ordered by chunk id.
    func denseCodes() async throws -> [DenseCode]
    /// The value stored under `key` in the index's metadata.
    func meta(_ key: String) async throws -> String?
}

/// One stored embedding, as its float32 little-endian blob (``VectorBlob``).
public struct VectorRecord: Sendable, Equatable {
    public var chunkID: Int64
    public var blob: Data

    public init(chunkID: Int64, blob: Data) {
        self.chunkID = chunkID
        self.blob = blob
    }
}

/// The trained dense index's parameters blob and its training size.
public struct DenseParameters: Sendable, Equatable {
    public var parameters: Data
    public var trainedCount: Int

    public init(parameters: Data, trainedCount: Int) {
        self.parameters = parameters
        self.trainedCount = trainedCount
    }
}

/// A change to the dense index, computed from one snapshot and written if nobody
/// retrained meanwhile (``IndexStore/updateDenseIndex(_:ifDenseGeneration:)``).
public enum DenseIndexUpdate: Sendable, Equatable {
    /// New parameters and every code (after training); readers reload the dense index.
    case replace(parameters: Data, trainedCount: Int, codes: [DenseCode])
    /// Codes of newly embedded chunks, under the current parameters.
    case add([DenseCode])
    /// Drop the parameters and codes (the vectors stay); readers reload.
    case clear
}
