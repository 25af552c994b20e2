import Foundation
import Loaders
import Store

/// Indexes one many-document source (a BEIR or JSONL corpus) in batches of
/// `batchSize` documents, each chunked, embedded and committed on its own, so a kill
/// near the end of a long embedding run loses at most one batch, and a rerun over the
/// same file and settings resumes after the last committed document instead of
/// starting over (``QuarryStore/append(_:toSource:complete:)`` keeps the bookkeeping).
public struct ResumableSourceIngest {
    /// Documents per committed batch: about a minute of MiniLM embedding here.
    public static let defaultBatchSize = 256

    public let pipeline: IngestPipeline
    public var batchSize: Int
    /// Called after each committed batch with the documents now in the index; a test
    /// throws here to crash the run at a chosen point.
    public var afterBatch: (Int) throws -> Void

    public init(pipeline: IngestPipeline, batchSize: Int = Self.defaultBatchSize, afterBatch: @escaping (Int) throws -> Void = { _ in }) {
        self.pipeline = pipeline
        self.batchSize = batchSize
        self.afterBatch = afterBatch
    }

    /// What one run wrote.
    public struct Outcome: Equatable, Sendable {
        /// Documents found already committed by an earlier, interrupted run.
        public var resumedFrom: Int
        /// Documents and chunks this run wrote.
        public var documents: Int
        public var chunks: Int
    }

    /// Writes `loaded`'s documents under `path`, continuing an interrupted run of the
    /// same file and settings.
    public func ingest(
        _ loaded: LoadedSource, path: String, progress: @Sendable (IngestProgress) -> Void = { _ in }
    ) async throws -> Outcome {
        let store = pipeline.store
        let total = loaded.documents.count
        let marker = QuarryStore.partialMarker(for: loaded.sha256)
        var done = 0
        var outcome = Outcome(resumedFrom: 0, documents: 0, chunks: 0)
        if let existing = try store.source(path: path), existing.sha256 == marker, existing.settings == pipeline.sourceKey {
            done = try store.documentCount(ofSource: path) ?? 0
            outcome.resumedFrom = done
            if done >= total {
                try store.append([], toSource: path, complete: loaded.sha256)
            }
        } else {
            let end = min(batchSize, total)
            let batch = try await prepared(loaded.documents[0..<end])
            try store.replace(NewSource(
                path: path, format: loaded.format.rawValue, sha256: end == total ? loaded.sha256 : marker,
                byteCount: loaded.byteCount, modified: loaded.modified, settings: pipeline.sourceKey, documents: batch
            ))
            done = end
            outcome.documents += batch.count
            outcome.chunks += batch.reduce(0) { $0 + $1.chunks.count }
            progress(IngestProgress(stage: .embedding, done: done, total: total, path: path))
            try afterBatch(done)
        }
        while done < total {
            let end = min(done + batchSize, total)
            let batch = try await prepared(loaded.documents[done..<end])
            try store.append(batch, toSource: path, complete: end == total ? loaded.sha256 : nil)
            done = end
            outcome.documents += batch.count
            outcome.chunks += batch.reduce(0) { $0 + $1.chunks.count }
            progress(IngestProgress(stage: .embedding, done: done, total: total, path: path))
            try afterBatch(done)
        }
        return outcome
    }

    /// Chunks, analyses and (with an embedder) embeds a batch of documents.
    private func prepared(_ documents: ArraySlice<LoadedDocument>) async throws -> [NewDocument] {
        var prepared = try await pipeline.prepare(Array(documents))
        if let embedder = pipeline.embedder {
            try await pipeline.embed(&prepared, with: embedder) { _, _ in }
        }
        return prepared
    }
}
