import Foundation
import Loaders
import Store

/// Indexes one corpus file (BEIR `.jsonl`, any size) in batches of documents read from
/// it as it goes, each chunked, embedded and committed on its own: memory holds one
/// batch, never the file; a kill loses at most the batch in flight, and a rerun over the
/// same file and settings resumes after the last committed document instead of starting
/// over (``IndexStore/append(_:toSource:complete:)`` keeps the bookkeeping, on SQLite
/// and on PostgreSQL alike).
///
/// A record found malformed part-way (bad JSON, a repeated `_id`) fails the file as a
/// whole file would: what this run and earlier ones wrote of it is removed. Its earlier
/// version, if the file changed, was replaced by the first batch and is gone too.
public struct ResumableSourceIngest {
    /// Documents per committed batch with an embedder: about a minute of MiniLM embedding here.
    public static let embeddingBatchSize = 256
    /// Documents per committed batch without one: large enough that a commit's fixed
    /// cost is small beside the batch's chunking.
    public static let wordsOnlyBatchSize = 2048
    /// A batch ends early once its documents' text reaches this many bytes, so a corpus
    /// of long records keeps batches (and memory) bounded too.
    public static let batchTextBytes = 32 << 20

    public let pipeline: IngestPipeline
    public var batchSize: Int
    /// Bytes read from the file at a time.
    public var blockBytes: Int
    /// Called after each committed batch with the documents now in the index; a test
    /// throws here to crash the run at a chosen point.
    public var afterBatch: (Int) throws -> Void

    /// `batchSize` nil chooses by whether `pipeline` embeds.
    public init(
        pipeline: IngestPipeline, batchSize: Int? = nil, blockBytes: Int = BEIRCorpusReader.defaultBlockBytes,
        afterBatch: @escaping (Int) throws -> Void = { _ in }
    ) {
        self.pipeline = pipeline
        self.batchSize = batchSize ?? (pipeline.embedder == nil ? Self.wordsOnlyBatchSize : Self.embeddingBatchSize)
        self.blockBytes = blockBytes
        self.afterBatch = afterBatch
    }

    /// What one run wrote.
    public struct Outcome: Equatable, Sendable {
        /// Documents found already committed by an earlier, interrupted run.
        public var resumedFrom: Int
        /// Documents and chunks this run wrote.
        public var documents: Int
        public var chunks: Int
        /// The most bytes of the file held in memory at once (one block plus the longest record).
        public var peakBufferedBytes: Int
        /// Where the time went.
        public var stageSeconds: IngestStageSeconds
    }

    /// Writes the corpus at `file` (whose identity is `fingerprint`) under `path`,
    /// continuing an interrupted run of the same file and settings. The next batch is
    /// read and prepared while the last one commits (on a thread of its own), so memory
    /// holds two batches at most.
    /// - Throws: ``LoaderError`` for a record the file cannot be indexed with (the file's
    ///   documents are then removed from the index).
    public func ingest(
        _ file: FileSystemPath, fingerprint: FileFingerprint, path: String,
        progress: @Sendable (IngestProgress) -> Void = { _ in }
    ) async throws -> Outcome {
        let store = pipeline.store
        let marker = QuarryStore.partialMarker(for: fingerprint.sha256)
        var reader = try BEIRCorpusReader(path: file, maxRecordBytes: pipeline.maxRecordBytes, blockBytes: blockBytes)
        var outcome = Outcome(resumedFrom: 0, documents: 0, chunks: 0, peakBufferedBytes: 0, stageSeconds: .init())
        // Whether the index holds (or is writing) documents of this file from this or an
        // earlier run, so the batches to come must be checked against them for repeated ids.
        var written = false
        if let existing = try await store.source(path: path), existing.sha256 == marker,
           existing.settings == pipeline.sourceKey {
            outcome.resumedFrom = try await store.documentCount(ofSource: path) ?? 0
            written = true
        }
        var writes = WriteBehind()
        // The batch being written, and what the reader had read when it was handed out.
        var inFlight: (ids: Set<String>, documents: Int, bytes: Int)?
        func finishWrite() async throws {
            outcome.stageSeconds.write += try await writes.wait()
            guard let done = inFlight else { return }
            inFlight = nil
            progress(IngestProgress(
                stage: .corpus, done: done.bytes, total: fingerprint.byteCount, path: path, documents: done.documents
            ))
            try afterBatch(done.documents)
        }
        do {
            let resumedFrom = outcome.resumedFrom
            try await outcome.stageSeconds.time(\.read) { try reader.skip(resumedFrom) }
            while true {
                let documents = try await outcome.stageSeconds.time(\.read) {
                    try await reader.next(maxDocuments: batchSize, maxTextBytes: Self.batchTextBytes) { ids in
                        // Committed batches are in the index; the one committing is in memory.
                        guard written else { return [] }
                        let committing = inFlight?.ids ?? []
                        return try await store.externalIDs(ids, inSource: path).union(ids.filter(committing.contains))
                    }
                }
                guard !documents.isEmpty else { break }
                var batch = try await outcome.stageSeconds.time(\.prepare) { try await pipeline.prepare(documents) }
                if let embedder = pipeline.embedder {
                    try await outcome.stageSeconds.time(\.embed) { try await pipeline.embed(&batch, with: embedder) { _, _ in } }
                }
                try await finishWrite()
                let prepared = batch
                let owner = pipeline
                let replacesSource = !written
                if written {
                    writes.start {
                        try await store.append(prepared, toSource: path, complete: nil)
                        // A large corpus is sealed as it goes, so no seal has to take in
                        // (and hold in memory) more than a few batches' postings.
                        try owner.sealIfDue(threshold: BM25Loading.ingestSealChunks)
                    }
                } else {
                    let source = NewSource(
                        path: path, format: fingerprint.format.rawValue, sha256: marker, byteCount: fingerprint.byteCount,
                        modified: fingerprint.modified, settings: pipeline.sourceKey, documents: prepared
                    )
                    writes.start { try await store.replace(source) }
                    written = true
                }
                inFlight = (Set(documents.compactMap(\.externalID)), reader.documentsRead, reader.bytesRead)
                outcome.documents += batch.count
                outcome.chunks += batch.reduce(0) { $0 + $1.chunks.count }
                if replacesSource {
                    // Until the first batch's replace commits, the index still holds the
                    // file's earlier version (other settings, another embedder), whose ids
                    // the next batch's repeated-id check would find.
                    try await finishWrite()
                }
            }
            try await finishWrite()
        } catch let error as LoaderError {
            _ = try? await writes.wait()
            if written { try await store.remove(paths: [path]) }
            throw error
        } catch {
            _ = try? await writes.wait()
            throw error
        }
        try await store.append([], toSource: path, complete: fingerprint.sha256)
        outcome.peakBufferedBytes = reader.peakBufferedBytes
        return outcome
    }
}
