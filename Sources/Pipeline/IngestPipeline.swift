import Chunking
import Dispatch
import Foundation
import Loaders
import SparseIndex
import Store

/// Files → loader → chunker → analyzer → store.
///
/// Each file is written in its own transaction: unchanged files (same SHA-256, same
/// chunking settings) are skipped, changed ones replaced, and files that were indexed
/// from a given folder but are gone now are removed. A kill at any point leaves every
/// file either in its old or its new state, and a re-run finishes the job.
public struct IngestPipeline: Sendable {
    public let store: QuarryStore
    public let settings: IndexSettings
    private let chunker: any Chunker
    private let analyzer: Analyzer
    private let loader: DocumentLoader

    public init(store: QuarryStore, settings: IndexSettings, maxFileBytes: Int = 256 << 20) throws {
        self.store = store
        self.settings = settings
        chunker = try settings.makeChunker()
        analyzer = Analyzer()
        loader = DocumentLoader(maxFileBytes: maxFileBytes)
    }

    /// Indexes the files and folders at `paths`.
    public func run(
        paths: [URL], progress: @Sendable (IngestProgress) -> Void = { _ in }
    ) throws -> IngestReport {
        let started = Date()
        var report = IngestReport()
        try IndexMetadata.record(settings, in: store)
        let roots = paths.map(\.standardizedFileURL)
        let (files, problems) = FileWalker().files(under: roots)
        for problem in problems {
            report.failed.append(.init(path: problem.path, error: problem.reason))
        }
        let walked = Set(files.map(\.standardizedFileURL.path))
        let gone = try store.sources().map(\.path).filter { path in
            !walked.contains(path) && roots.contains { root in
                path == root.path || path.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/")
            } && !FileManager.default.fileExists(atPath: path)
        }
        report.removed = try store.remove(paths: gone).isEmpty ? 0 : gone.count

        for (index, file) in files.enumerated() {
            let path = file.standardizedFileURL.path
            do {
                if try ingest(file: file, path: path, report: &report) == false {
                    report.skipped += 1
                }
            } catch let error as LoaderError {
                report.failed.append(.init(path: path, error: error.reason))
            }
            progress(IngestProgress(done: index + 1, total: files.count, path: path))
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Indexes one file; returns false when it was unchanged and skipped.
    private func ingest(file: URL, path: String, report: inout IngestReport) throws -> Bool {
        let loaded = try loader.load(file)
        if let existing = try store.source(path: path),
            existing.sha256 == loaded.sha256, existing.settings == settings.chunkingKey
        {
            return false
        }
        let documents = try prepare(loaded.documents)
        try store.replace(
            NewSource(
                path: path, format: loaded.format.rawValue, sha256: loaded.sha256,
                byteCount: loaded.byteCount, modified: loaded.modified,
                settings: settings.chunkingKey, documents: documents
            )
        )
        report.indexed += 1
        report.chunks += documents.reduce(0) { $0 + $1.chunks.count }
        return true
    }

    /// Chunks and analyses documents, in parallel across the machine's cores.
    private func prepare(_ documents: [LoadedDocument]) throws -> [NewDocument] {
        let results = ResultSlots<NewDocument>(count: documents.count)
        DispatchQueue.concurrentPerform(iterations: documents.count) { index in
            results.set(index, Result { try prepare(documents[index]) })
        }
        return try results.values()
    }

    private func prepare(_ document: LoadedDocument) throws -> NewDocument {
        let chunks = try chunker.chunk(document.text).map { chunk in
            let analysed = analyzer.termFrequencies(chunk.text)
            return NewChunk(
                byteStart: chunk.byteStart, byteEnd: chunk.byteEnd, text: chunk.text,
                tokenCount: chunk.tokenCount, termFrequencies: analysed.frequencies,
                termCount: analysed.length
            )
        }
        return NewDocument(
            externalID: document.externalID, title: document.title,
            byteCount: document.text.utf8.count, chunks: chunks
        )
    }
}
