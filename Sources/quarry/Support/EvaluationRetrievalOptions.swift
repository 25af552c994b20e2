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
    /// ``EvaluationIndex``) and opens it with these options.
    func openIndex(
        folder: URL, corpus: URL, chunking: ChunkingOptions, global: GlobalOptions
    ) async throws -> (index: QuarryIndex, url: URL) {
        var settings = try chunking.settings()
        settings.denseSpec = denseSpec
        let embedder: (any Embedder)? = retriever == .bm25 ? nil : try LocalBertEmbedder()
        let url = try EvaluationIndex.url(for: folder, settings: settings, dense: embedder != nil, beside: global.indexURL)
        try await EvaluationIndex.build(at: url, corpus: corpus, settings: settings, embedder: embedder, quiet: global.json)
        let index = try QuarryIndex.open(url, kind: retriever, embedder: embedder, fusion: HybridFusion(method: fusion))
        return (index, url)
    }
}

extension HybridFusion.Method: ExpressibleByArgument {}
