import QuarryCore
import Chunking
import DenseIndex
import Dispatch
import Embedding
import Foundation
import Loaders
import SparseIndex
import Store

/// Files → loader → chunker → analyzer → store (any ``IndexStore``: a SQLite file or a
/// PostgreSQL database; a PostgreSQL index holds words only so far).
///
/// Each file is written in its own transaction: unchanged files (same SHA-256, same
/// chunking settings) are skipped, changed ones replaced, and files that were indexed
/// from a given folder but are gone now are removed. A kill at any point leaves every
/// file either in its old or its new state, and a re-run finishes the job. A corpus
/// file (BEIR `.jsonl`, of any size) is read and written in batches of documents
/// instead (``ResumableSourceIngest``): memory holds one batch, a kill keeps each
/// document whole and loses at most one batch, and a re-run resumes after the last one
/// committed.
public struct IngestPipeline: Sendable {
    public let store: any IndexStore
    public let settings: IndexSettings
    private let chunker: any Chunker
    private let analyzer: Analyzer
    private let loader: DocumentLoader
    /// The largest file read whole, and the largest record of a corpus read in batches.
    let maxRecordBytes: Int
    private let walker: FileWalker
    /// Embeds chunks for the dense index; nil indexes words only.
    public let embedder: (any Embedder)?
    let denseSpec: IndexSpec?
    let sourceKey: String
    /// Chunks per embedding call (and per progress report).
    private let embeddingBatch = 64
    /// Whether chunking runs a model (which uses every core itself), so documents are
    /// chunked one at a time.
    private let chunksWithModel: Bool
    /// Forwards the chunking models' progress and warnings to the running `run`.
    private let relay: IngestRelay
    /// What `ChunkingModels.load` had to say (an approximate token count).
    private let loadNotes: [String]

    /// `maxFileBytes` bounds a file read whole and each record of a corpus file (which
    /// is read in batches, whatever its size).
    /// `followSymlinks` lets the walk follow links that lead out of the given folders.
    /// `models` nil loads from the model cache what the chunker needs (SmolLM2's tokenizer
    /// at least, so chunk sizes are the generator's tokens); `secondsPerDocument` bounds
    /// the language model's time on one document (beyond it, the document is packed by
    /// sentences, with a warning).
    public init(
        store: any IndexStore, settings: IndexSettings, embedder: (any Embedder)? = nil, maxFileBytes: Int = 256 << 20,
        followSymlinks: Bool = false, models: ChunkingModels? = nil, secondsPerDocument: Double = 600
    ) throws {
        self.store = store
        self.settings = settings
        self.embedder = embedder
        let relay = IngestRelay()
        self.relay = relay
        let meter = ScoringMeter(
            onScored: { tokens, rate in relay.scored(tokens: tokens, rate: rate) },
            onWarning: { relay.warn($0) }
        )
        try settings.validate()
        var notes: [String] = []
        var loaded = try models ?? ChunkingModels.load(
            for: settings.chunker, embedder: embedder, meter: meter, secondsPerDocument: secondsPerDocument,
            note: { notes.append($0) }
        )
        loadNotes = notes
        if models != nil {
            loaded.meter = meter
            loaded.secondsPerDocument = secondsPerDocument
        }
        chunker = try settings.makeChunker(models: loaded)
        chunksWithModel = settings.chunker.usesLanguageModel || settings.chunker == .semantic
        analyzer = Analyzer()
        loader = DocumentLoader(maxFileBytes: maxFileBytes, maxDocumentBytes: DocumentLoader.maxIndexedDocumentBytes)
        // A corpus record holds one document: bounded like a document's text.
        maxRecordBytes = min(maxFileBytes, DocumentLoader.maxIndexedDocumentBytes)
        walker = FileWalker(followSymlinks: followSymlinks)
        sourceKey = settings.sourceKey(
            embedder: embedder.map(IndexMetadata.embedderName), tokenizer: loaded.tokenizerName
        )
        do {
            denseSpec = try settings.denseSpec.map { try IndexSpec(parsing: $0) }
        } catch {
            throw QuarryError(.invalidInput, "--dense-spec: \(error)")
        }
    }

    /// Indexes the files and folders at `paths`; `retrain` retrains the dense index. The
    /// work runs on Quarry's own threads (``Offload/onThreads(isolation:_:)``), never
    /// holding a thread of the cooperative pool.
    public func run(
        paths: [URL], retrain: Bool = false, progress: @escaping @Sendable (IngestProgress) -> Void = { _ in }
    ) async throws -> IngestReport {
        try await Offload.onThreads {
            let relayed = try await relay.relaying(to: progress) {
                try await ingest(paths: paths, retrain: retrain, progress: progress)
            }
            var report = relayed.value
            report.warnings += relayed.warnings
            report.scoredTokens = relayed.scoredTokens
            return report
        }
    }

    /// ``prepare(_:stop:)`` as a step of its own (one pushed document), with the warnings
    /// the chunking models reported about it.
    func prepareReportingWarnings(
        _ documents: [LoadedDocument], stop: CancellationSignal? = nil
    ) async throws -> (documents: [NewDocument], warnings: [String]) {
        let relayed = try await relay.relaying(to: { _ in }) { try await prepare(documents, stop: stop) }
        return (relayed.value, relayed.warnings)
    }

    private func ingest(
        paths: [URL], retrain: Bool, progress: @Sendable (IngestProgress) -> Void
    ) async throws -> IngestReport {
        let started = Date()
        var report = IngestReport()
        report.warnings = loadNotes
        try await IndexMetadata.record(settings, in: store)
        try await IndexMetadata.record(embedder: embedder, in: store)
        let roots = paths.map(\.standardizedFileURL)
        let (files, problems) = walker.files(under: roots.map(FileSystemPath.init))
        for problem in problems {
            report.failed.append(.init(path: problem.path, error: problem.reason))
        }
        let walked = Set(files.map(\.description))
        let gone = try await store.sources().map(\.path).filter { path in
            !walked.contains(path) && roots.contains { root in
                path == root.path || path.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/")
            } && !FileManager.default.fileExists(atPath: path)
        }
        try await store.remove(paths: gone)
        if chunksWithModel {
            relay.expectedTokens = files.reduce(0) { total, file in
                let size = (try? FileManager.default.attributesOfItem(atPath: file.description)[.size] as? Int) ?? 0
                return total + size / Self.bytesPerToken
            }
        }
        report.removed = gone.count

        for (index, file) in files.enumerated() {
            let path = file.description
            relay.path = path
            do {
                if try await ingest(file: file, path: path, report: &report, progress: progress) == false {
                    report.skipped += 1
                }
            } catch let error as LoaderError {
                report.failed.append(.init(path: path, error: error.reason))
            }
            progress(IngestProgress(stage: .files, done: index + 1, total: files.count, path: path))
        }
        if embedder != nil {
            report.dense = try await refreshDenseIndex(retrain: retrain)
        }
        // The last step: the chunks written since the last seal go into a stored BM25
        // segment, so the next open reads postings on demand instead of loading them.
        try sealIfDue(threshold: BM25Loading.sealThreshold)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// UTF-8 bytes per SmolLM2 token in English prose, roughly, for the scoring ETA.
    private static let bytesPerToken = 4

    /// Indexes one file; returns false when it was unchanged and skipped.
    private func ingest(
        file: FileSystemPath, path: String, report: inout IngestReport, progress: @Sendable (IngestProgress) -> Void
    ) async throws -> Bool {
        if let format = DocumentFormat(fileExtension: file.pathExtension), DocumentLoader.readsInBatches(format) {
            let fingerprint = try await report.stageSeconds.time(\.read) { try loader.fingerprint(file) }
            if try await isUnchanged(path: path, sha256: fingerprint.sha256) { return false }
            let outcome = try await ResumableSourceIngest(pipeline: self)
                .ingest(file, fingerprint: fingerprint, path: path, progress: progress)
            report.chunks += outcome.chunks
            report.stageSeconds = report.stageSeconds + outcome.stageSeconds
            report.indexed += 1
            return true
        }
        let loaded = try await report.stageSeconds.time(\.read) { try loader.load(file) }
        if try await isUnchanged(path: path, sha256: loaded.sha256) { return false }
        var documents = try await report.stageSeconds.time(\.prepare) { try await prepare(loaded.documents) }
        if let embedder {
            try await report.stageSeconds.time(\.embed) {
                try await embed(&documents, with: embedder) { done, total in
                    progress(IngestProgress(stage: .embedding, done: done, total: total, path: path))
                }
            }
        }
        try await report.stageSeconds.time(\.write) {
            try await store.replace(
                NewSource(
                    path: path, format: loaded.format.rawValue, sha256: loaded.sha256,
                    byteCount: loaded.byteCount, modified: loaded.modified,
                    settings: sourceKey, documents: documents
                )
            )
        }
        report.indexed += 1
        report.chunks += documents.reduce(0) { $0 + $1.chunks.count }
        return true
    }

    /// Whether `path` is indexed from the same bytes with the same settings.
    private func isUnchanged(path: String, sha256: String) async throws -> Bool {
        guard let existing = try await store.source(path: path) else { return false }
        return existing.sha256 == sha256 && existing.settings == sourceKey
    }

    /// Brings the dense index up to date after a write: ``DenseIndexMaintainer`` trains
    /// and encodes in one of an index file's write transactions, ``SharedDenseIndexMaintainer``
    /// computes the update from a snapshot of a shared store and writes it unless another
    /// writer retrained meanwhile.
    @discardableResult
    func refreshDenseIndex(retrain: Bool = false) async throws -> DenseIndexMaintainer.Outcome? {
        guard let file = store as? QuarryStore else {
            return try await SharedDenseIndexMaintainer(store: store, spec: denseSpec).refresh(retrain: retrain)
        }
        return try DenseIndexMaintainer(store: file, spec: denseSpec).refresh(retrain: retrain)
    }

    /// Seals the chunks written since the last seal into a stored BM25 segment once they
    /// are as many as `quarry index` seals at in the middle of a corpus: for a writer that
    /// goes to the store directly (`quarry bench dense-store --passages`).
    public func sealWrittenChunks() throws {
        try sealIfDue(threshold: BM25Loading.ingestSealChunks)
    }

    /// Seals the index file's BM25 segments when due (``BM25Loading/sealIfDue(store:parameters:threshold:)``).
    /// Sealed segments are SQLite's own: a PostgreSQL store holds no retrieval state
    /// (each node builds its BM25 index from the chunks' term counts), so nothing is
    /// sealed there.
    func sealIfDue(threshold: Int) throws {
        guard let file = store as? QuarryStore else { return }
        try BM25Loading.sealIfDue(store: file, parameters: settings.bm25, threshold: threshold)
    }

    /// Embeds every chunk of `documents` in batches, reporting chunks done (an error the
    /// report throws stops the work).
    func embed(
        _ documents: inout [NewDocument], with embedder: any Embedder, progress: (Int, Int) throws -> Void
    ) async throws {
        let places = documents.indices.flatMap { d in documents[d].chunks.indices.map { (d, $0) } }
        var done = 0
        for start in stride(from: 0, to: places.count, by: embeddingBatch) {
            let batch = places[start..<min(start + embeddingBatch, places.count)]
            let vectors = try await embedder.embed(batch.map { documents[$0.0].chunks[$0.1].text })
            for ((d, c), vector) in zip(batch, vectors) {
                documents[d].chunks[c].vector = vector
            }
            done += batch.count
            try progress(done, places.count)
        }
    }

    /// Chunks and analyses documents, in parallel across the machine's cores (one at a
    /// time when chunking runs a model, which spreads over the cores itself); `stop` is
    /// checked before each document, by the chunker as it goes, and between its chunks.
    func prepare(_ documents: [LoadedDocument], stop: CancellationSignal? = nil) async throws -> [NewDocument] {
        let width = chunksWithModel ? 1 : ProcessInfo.processInfo.activeProcessorCount
        return try await Offload.onThreads {
            try await ParallelWork.map(count: documents.count, width: width) { (index: Int) async throws -> NewDocument in
                try await self.prepare(documents[index], stop: stop)
            }
        }
    }

    private func prepare(_ document: LoadedDocument, stop: CancellationSignal?) async throws -> NewDocument {
        try stop?.check()
        let pieces = try await CancellationSignal.$current.withValue(stop) { try await chunker.chunk(document.text) }
        let chunks = try pieces.map { chunk in
            try stop?.check()
            let analysed = analyzer.termFrequencies(chunk.text)
            return NewChunk(
                byteStart: chunk.byteStart, byteEnd: chunk.byteEnd, text: chunk.text,
                tokenCount: chunk.tokenCount, termFrequencies: analysed.frequencies,
                termCount: analysed.length, surprisal: chunk.surprisal
            )
        }
        return NewDocument(
            externalID: document.externalID, title: document.title,
            byteCount: document.text.utf8.count, chunks: chunks
        )
    }
}
