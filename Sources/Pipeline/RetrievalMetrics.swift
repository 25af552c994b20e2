import Foundation

/// Ranking metrics over judged documents, as BEIR computes them.
public enum RetrievalMetrics {
    /// nDCG@k with exponential gain 2^rel − 1 and log2 discount.
    public static func ndcg(ranked: [String], relevance: [String: Int], k: Int) -> Double {
        var dcg = 0.0
        for (index, id) in ranked.prefix(k).enumerated() {
            let gain = Double(max(relevance[id] ?? 0, 0))
            dcg += (exp2(gain) - 1) / log2(Double(index + 2))
        }
        let ideal = relevance.values.filter { $0 > 0 }.sorted(by: >).prefix(k)
        var idcg = 0.0
        for (index, grade) in ideal.enumerated() {
            idcg += (exp2(Double(grade)) - 1) / log2(Double(index + 2))
        }
        return idcg > 0 ? dcg / idcg : 0
    }

    /// Share of the relevant documents found in the top `k`.
    public static func recall(ranked: [String], relevance: [String: Int], k: Int) -> Double {
        let relevant = Set(relevance.filter { $0.value > 0 }.keys)
        guard !relevant.isEmpty else { return 0 }
        return Double(ranked.prefix(k).filter(relevant.contains).count) / Double(relevant.count)
    }

    /// Reciprocal rank of the first relevant document within the top `k`.
    public static func mrr(ranked: [String], relevance: [String: Int], k: Int) -> Double {
        for (index, id) in ranked.prefix(k).enumerated() where (relevance[id] ?? 0) > 0 {
            return 1 / Double(index + 1)
        }
        return 0
    }
}
