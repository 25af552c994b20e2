import Crypto
import Embedding
import Foundation
import Pipeline
import QuarryCore
import Store

/// Where evaluation indexes live and how they are (re)built.
enum EvaluationIndex {
    /// `eval-NAME-FOLDER-CHUNKER-SIZE[-CHUNKER SETTINGS][-dense-SPEC].quarry` in the folder
    /// of `beside`, FOLDER the first eight hex digits of the SHA-256 of the dataset folder's
    /// absolute path: two datasets with one folder name (`a/scifact`, `b/scifact`) keep two
    /// indexes instead of adding one's documents to the other's. Every chunking setting is in
    /// the name, so runs with two settings keep two indexes instead of re-chunking one file
    /// back and forth.
    static func url(for dataset: URL, settings: IndexSettings, dense: Bool, beside: URL) -> URL {
        let folder = dataset.standardizedFileURL
        let digest = SHA256.hash(data: Data(folder.path.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
        var file = "eval-\(folder.lastPathComponent)-\(digest)-\(settings.chunker.rawValue)-\(settings.targetTokens)"
        switch settings.chunker {
        case .perplexity:
            file += String(format: "-theta%g-window%d", settings.perplexityThreshold, settings.scoringWindow)
        case .semantic: file += String(format: "-p%g", settings.semanticPercentile)
        default: break
        }
        if dense { file += "-dense" + (settings.denseSpec.map { "-" + $0.replacingOccurrences(of: ",", with: "_") } ?? "") }
        return beside.deletingLastPathComponent().appendingPathComponent(file + ".quarry")
    }

    /// Indexes `corpus` into `url`; an unchanged corpus is skipped by the ingest pipeline.
    @discardableResult
    static func build(
        at url: URL, corpus: URL, settings: IndexSettings, embedder: (any Embedder)? = nil, quiet: Bool
    ) async throws -> IngestReport {
        try await build(into: try QuarryStore(url: url, create: true), corpus: corpus, settings: settings, embedder: embedder, quiet: quiet)
    }

    /// Indexes `corpus` into `store` (a database given as `--index`: it must hold this
    /// corpus only, or nothing); an unchanged corpus is skipped by the ingest pipeline.
    @discardableResult
    static func build(
        into store: any IndexStore, corpus: URL, settings: IndexSettings, embedder: (any Embedder)?, quiet: Bool
    ) async throws -> IngestReport {
        let others = try await store.sources().filter { $0.path != corpus.standardizedFileURL.path }
        if let other = others.first {
            throw QuarryError(
                .invalidInput,
                "\(store.location) holds other sources than this dataset's corpus (\(others.count), such as \(other.path)), "
                    + "which would count in its figures; evaluate into an empty database, or one that holds this corpus only"
            )
        }
        let pipeline = try IngestPipeline(store: store, settings: settings, embedder: embedder)
        let embeddingBar = quiet ? nil : ProgressBar(label: "embedding")
        let corpusBar = quiet ? nil : ProgressBar(label: "corpus")
        let report = try await pipeline.run(paths: [corpus]) { progress in
            switch progress.stage {
            case .embedding: embeddingBar?.update(done: progress.done, total: progress.total)
            case .corpus: corpusBar?.update(corpus: progress, embedding: embedder != nil)
            default: break
            }
        }
        if let failure = report.failed.first {
            throw QuarryError(.invalidInput, "cannot index \(failure.path): \(failure.error)")
        }
        if !quiet && report.indexed > 0 {
            Output.status(String(format: "indexed %@: %d chunks in %.1fs → %@", corpus.path, report.chunks, report.seconds, store.location.description))
        }
        return report
    }
}
