import Foundation

/// The figures of `quarry eval retrieval` (keys as in the command-line contract).
public struct RetrievalEvaluation: Sendable, Codable {
    public var queries: Int
    public var ndcgAt10: Double
    public var recallAt100: Double
    public var mrrAt10: Double
    public var msPerQuery: Double
    public var retriever: String
    public var index: String

    enum CodingKeys: String, CodingKey {
        case queries, retriever, index
        case ndcgAt10 = "ndcg@10", recallAt100 = "recall@100", mrrAt10 = "mrr@10"
        case msPerQuery = "ms_per_query"
    }

    /// Runs every judged query of `dataset` against `index`, ranks documents by their
    /// best chunk, and averages the metrics.
    public static func run(
        dataset: BEIRDataset, index: QuarryIndex, retrieverName: String
    ) async throws -> RetrievalEvaluation {
        let documentOf = try await index.store.documentKeys()
        // Enough chunks that 100 distinct documents survive when documents split into several chunks.
        let chunksPerDocument = max(1, documentOf.count / max(Set(documentOf.values).count, 1))
        let depth = min(100 * chunksPerDocument * 2, max(documentOf.count, 1))
        var ndcg = 0.0, recall = 0.0, mrr = 0.0
        var elapsed = 0.0
        for query in dataset.queries {
            let started = Date()
            let hits = try await index.rank(query.text, k: depth)
            var ranked: [String] = []
            var seen: Set<String> = []
            for hit in hits {
                guard let document = documentOf[hit.id], seen.insert(document).inserted else { continue }
                ranked.append(document)
                if ranked.count == 100 { break }
            }
            elapsed += Date().timeIntervalSince(started)
            let relevance = dataset.qrels[query.id] ?? [:]
            ndcg += RetrievalMetrics.ndcg(ranked: ranked, relevance: relevance, k: 10)
            recall += RetrievalMetrics.recall(ranked: ranked, relevance: relevance, k: 100)
            mrr += RetrievalMetrics.mrr(ranked: ranked, relevance: relevance, k: 10)
        }
        let count = Double(dataset.queries.count)
        func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
        return RetrievalEvaluation(
            queries: dataset.queries.count, ndcgAt10: round4(ndcg / count), recallAt100: round4(recall / count),
            mrrAt10: round4(mrr / count), msPerQuery: round4(elapsed * 1000 / count),
            retriever: retrieverName, index: index.store.location.description
        )
    }
}
