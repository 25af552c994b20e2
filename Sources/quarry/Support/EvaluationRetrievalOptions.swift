import ArgumentParser
import Embedding
import Foundation
import Pipeline

/// How `eval retrieval` and `eval qa` retrieve, and the evaluation index both open.
struct EvaluationRetrievalOptions: ParsableArguments {
    @Option(help: "Which retriever: bm25, dense or hybrid (embeds the corpus once with the local model).")
    var retriever: RetrieverKind = .hybrid

    @Option(help: "How hybrid fuses BM25 and dense rankings: convex (normalised scores) or rrf (reciprocal rank).")
    var fusion: HybridFusion.Method = .convex

    @Option(name: .customLong("dense-spec"), help: "The dense index (Flat, IVF128,PQ48,RFlat …); default: chosen by size.")
    var denseSpec: String?

    /// The name results carry (`bm25`, `dense`, `hybrid-convex`, `hybrid-rrf`).
    var name: String { retriever == .hybrid ? "hybrid-\(fusion.rawValue)" : retriever.rawValue }

    /// Indexes `corpus` of the evaluation set in `folder` (or reuses that index, see
    /// ``EvaluationIndex``) and opens it with these options; with a PostgreSQL `--index`,
    /// the database is the evaluation index. Returns the index and its name for results.
    func openIndex(
        folder: URL, corpus: URL, chunking: ChunkingOptions, global: GlobalOptions
    ) async throws -> (index: QuarryIndex, name: String) {
        var settings = try chunking.settings()
        settings.denseSpec = denseSpec
        let location = try global.location
        let embedder: (any Embedder)? = retriever == .bm25 ? nil : try LocalBertEmbedder()
        let fusion = HybridFusion(method: fusion)
        guard case .sqlite(let beside) = location else {
            let store = try await global.openStore(create: true)
            do {
                try await EvaluationIndex.build(into: store, corpus: corpus, settings: settings, embedder: embedder, quiet: global.json)
                let index = try await QuarryIndex.open(shared: store, kind: retriever, embedder: embedder, fusion: fusion)
                return (index, location.description)
            } catch {
                await store.close()
                throw error
            }
        }
        let url = EvaluationIndex.url(for: folder, settings: settings, dense: embedder != nil, beside: beside)
        try await EvaluationIndex.build(at: url, corpus: corpus, settings: settings, embedder: embedder, quiet: global.json)
        let index = try QuarryIndex.open(url, kind: retriever, embedder: embedder, fusion: fusion)
        return (index, url.path)
    }
}

extension HybridFusion.Method: ExpressibleByArgument {}
