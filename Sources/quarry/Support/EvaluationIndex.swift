import Foundation
import Pipeline
import Store

/// Where evaluation indexes live and how they are (re)built.
enum EvaluationIndex {
    /// `eval-NAME-CHUNKER-SIZE.quarry` in the folder of `beside`.
    static func url(for dataset: URL, settings: IndexSettings, beside: URL) -> URL {
        let name = dataset.standardizedFileURL.lastPathComponent
        return beside.deletingLastPathComponent()
            .appendingPathComponent("eval-\(name)-\(settings.chunker.rawValue)-\(settings.targetTokens).quarry")
    }

    /// Indexes `corpus` into `url`; an unchanged corpus is skipped by the ingest pipeline.
    @discardableResult
    static func build(at url: URL, corpus: URL, settings: IndexSettings, quiet: Bool) throws -> IngestReport {
        let store = try QuarryStore(url: url, create: true)
        let pipeline = try IngestPipeline(store: store, settings: settings)
        let report = try pipeline.run(paths: [corpus])
        if let failure = report.failed.first {
            throw PipelineError("cannot index \(failure.path): \(failure.error)")
        }
        if !quiet && report.indexed > 0 {
            Output.status(String(format: "indexed %@: %d chunks in %.1fs → %@", corpus.path, report.chunks, report.seconds, url.path))
        }
        return report
    }
}
