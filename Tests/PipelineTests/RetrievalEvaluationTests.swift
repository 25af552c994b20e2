import QuarryCore
import Foundation
import Pipeline
import Store
import Testing

@Suite("Retrieval evaluation")
struct RetrievalEvaluationTests {
    @Test func metricsMatchHandComputedValues() {
        let relevance = ["a": 2, "b": 1, "z": 1]
        // DCG = (2^1−1)/log2(2) + 0 + (2^2−1)/log2(4) = 1 + 1.5; ideal = 3/1 + 1/log2(3) + 1/2
        let ndcg = RetrievalMetrics.ndcg(ranked: ["b", "x", "a"], relevance: relevance, k: 10)
        #expect(abs(ndcg - 2.5 / (3 + 1 / log2(3.0) + 0.5)) < 1e-12)
        #expect(RetrievalMetrics.recall(ranked: ["b", "x", "a"], relevance: relevance, k: 2) == 1.0 / 3)
        #expect(RetrievalMetrics.mrr(ranked: ["x", "y", "a"], relevance: relevance, k: 10) == 1.0 / 3)
        #expect(RetrievalMetrics.mrr(ranked: ["x", "y", "a"], relevance: relevance, k: 2) == 0)
    }

    /// The whole Cranfield collection (1,400 abstracts, 225 judged queries) through
    /// ingest, BM25 and the metrics; BM25 scores far above a random ranking here.
    @Test func cranfieldThroughTheWholePipeline() async throws {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/datasets/cranfield").standardizedFileURL
        let dataset = try BEIRDataset(directory: folder)
        #expect(dataset.queries.count == 225)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cranfield-\(UUID().uuidString).quarry")
        let store = try QuarryStore(url: url, create: true)
        let report = try await IngestPipeline(store: store, settings: .init()).run(paths: [dataset.corpus])
        #expect(report.indexed == 1)
        #expect(try store.statistics().documents == 1398)  // two of the 1,400 have neither title nor text
        let result = try await RetrievalEvaluation.run(dataset: dataset, index: try QuarryIndex.open(url), retrieverName: "bm25")
        #expect(result.queries == 225)
        #expect(result.ndcgAt10 > 0.3)
        #expect(result.recallAt100 > 0.6)
    }

    @Test func aFolderWithoutCorpusIsAClearError() {
        #expect(throws: QuarryError.self) {
            try BEIRDataset(directory: FileManager.default.temporaryDirectory.appendingPathComponent("no-such-beir"))
        }
    }
}
