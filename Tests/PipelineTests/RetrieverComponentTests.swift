import DenseIndex
import Foundation
import Pipeline
import QuarryCore
import SparseIndex
import Store
import Testing

/// BM25, dense and hybrid retrieval are three retrievers over the live index. Each
/// returns exactly what its components rank on their own: BM25 over every posting of
/// the file loaded into one in-memory index, a flat index of the stored vectors searched
/// with the embedder's vector for the question, and the index's fusion of the two; with
/// the chunks' text and ranks, the index's generation, the best dense score and (from the
/// two that embed it) the embedder's vector for the question, for the later stages.
extension DenseRetrievalTests {
    /// The expected rankings of a file's chunks, computed without `QuarryIndex`.
    struct Components {
        let words: BM25Index
        let meaning: any VectorIndex
        let analyzer = Analyzer()

        init(_ store: QuarryStore) throws {
            words = try SealedIndexTests.inMemory(store)
            let ids = try store.allPostings().map(\.chunkID)
            let (parameters, vectors) = try store.read { snapshot in
                (try #require(try snapshot.denseParameters()).parameters, try snapshot.vectors(for: ids).map { try #require($0) })
            }
            var flat = try IndexLoader.load(parameters: parameters)
            _ = try flat.add(ids: ids, vectors: try VectorMatrix(rows: vectors, dimension: flat.dimension))
            meaning = flat
        }

        func bm25(_ question: String, k: Int) -> [ScoredID] {
            words.search(analyzer.terms(question), k: k)
        }

        func dense(_ vector: [Float], k: Int) throws -> [ScoredID] {
            try meaning.search(query: vector, k: k).map { ScoredID(id: $0.id, score: $0.score) }
        }

        /// The fused ranking and the best dense score it saw.
        func hybrid(_ question: String, _ vector: [Float], k: Int, fusion: HybridFusion) throws -> ([ScoredID], Float?) {
            let depth = max(k, fusion.depth)
            let dense = try dense(vector, k: depth)
            return (fusion.fuse(sparse: bm25(question, k: depth), dense: dense, k: k), dense.first?.score)
        }
    }

    static func hits(_ retrieval: Retrieval) -> [ScoredID] {
        retrieval.chunks.map { ScoredID(id: $0.chunkID, score: $0.score) }
    }

    @Test func eachRetrieverReturnsWhatItsComponentsRank() async throws {
        let url = root.appendingPathComponent("components.quarry")
        let store = try QuarryStore(url: url, create: true)
        let file = try cranfield("components.jsonl", offset: 0, count: 80)
        let report = try await IngestPipeline(store: store, settings: IndexSettings(targetTokens: 8192), embedder: embedder)
            .run(paths: [file])
        #expect(report.dense?.spec == "Flat")
        let expected = try Components(store)
        let questions = [
            "what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft",
            "boundary layer transition on a flat plate",
            "heat transfer in hypersonic flow",
            "zebra giraffe",
        ]
        let k = 5
        // The default fusion ranks 100 deep (all 80 chunks); the second fuses by rank, 10 deep.
        for fusion in [HybridFusion(), HybridFusion(method: .rrf, depth: 10)] {
            for opened in [RetrieverKind.dense, .hybrid] {
                let index = try QuarryIndex.open(url, kind: opened, embedder: embedder, fusion: fusion)
                #expect(index.kind == opened)
                for question in questions {
                    let vector = try await embedder.embed([question])[0]
                    let (fused, fusedSimilarity) = try expected.hybrid(question, vector, k: k, fusion: fusion)

                    let bm25 = try await index.retriever(.bm25).retrieve(question, k: k)
                    #expect(Self.hits(bm25) == expected.bm25(question, k: k), "\(question)")
                    #expect(bm25.bestSimilarity == nil)
                    #expect(bm25.questionVector == nil)
                    let dense = try await index.retriever(.dense).retrieve(question, k: k)
                    #expect(Self.hits(dense) == (try expected.dense(vector, k: k)), "\(question)")
                    #expect(dense.bestSimilarity == (try expected.dense(vector, k: 1)).first?.score)
                    #expect(dense.questionVector == vector)
                    let hybrid = try await index.retriever(.hybrid).retrieve(question, k: k)
                    #expect(Self.hits(hybrid) == fused, "\(question)")
                    #expect(hybrid.bestSimilarity == fusedSimilarity)
                    #expect(hybrid.questionVector == vector)
                    #expect(Self.hits(try await index.retriever.retrieve(question, k: k)) == Self.hits(opened == .dense ? dense : hybrid))
                    #expect(try await index.rank(question, k: k) == Self.hits(opened == .dense ? dense : hybrid))

                    for retrieval in [bm25, dense, hybrid] {
                        #expect(retrieval.generation == index.generation)
                        #expect(retrieval.chunks.map(\.rank) == retrieval.chunks.indices.map { $0 + 1 })
                        let stored = try store.chunks(ids: retrieval.chunks.map(\.chunkID))
                        #expect(retrieval.chunks.map(\.text) == stored.map(\.text))
                    }
                }
            }
        }
        // An index opened for BM25 ranks from memory when it is current; the same ranking.
        let words = try QuarryIndex.open(url, kind: .bm25)
        for question in questions {
            #expect(try await words.rank(question, k: k) == expected.bm25(question, k: k))
            #expect(Self.hits(try await words.retriever.retrieve(question, k: k)) == expected.bm25(question, k: k))
        }
        #expect(!expected.bm25(questions[0], k: k).isEmpty && expected.bm25("zebra giraffe", k: k).isEmpty)
    }

    /// Hybrid retrieval over a product-quantised index with exact re-scoring reads as
    /// many float vectors as a dense top k would (k × the refine factor, at least the
    /// fusion depth), not the refine factor times the depth: its dense ranking is the
    /// quantised top 100 re-scored exactly. Guards the reads a hybrid query makes at a
    /// million chunks (1,000 → 100), which were most of its time on a slow disk.
    @Test func hybridRescoresTheCandidatesItsTopKNeeds() async throws {
        let url = root.appendingPathComponent("refined.quarry")
        let store = try QuarryStore(url: url, create: true)
        let file = try cranfield("refined.jsonl", offset: 0, count: 320)
        let report = try await IngestPipeline(store: store, settings: IndexSettings(denseSpec: "PQ48,Refine(10)"), embedder: embedder)
            .run(paths: [file])
        #expect(report.dense?.spec == "PQ48,Refine(10)")
        let expected = try Components(store)
        let ids = try store.allPostings().map(\.chunkID)
        #expect(ids.count > 200, "more chunks than the fusion depth, so the two readings can differ")
        let (parameters, vectors, codes) = try store.read { snapshot in
            (try #require(try snapshot.denseParameters()).parameters, try snapshot.vectors(for: ids).map { try #require($0) },
             try snapshot.denseCodes())
        }
        // The stored codes, not the vectors encoded again: a batch of another size may
        // round a near tie to another centroid.
        var quantised = try IndexLoader.load(parameters: parameters)
        try quantised.insert(ids: codes.map(\.chunkID), lists: codes.map(\.list), codes: codes.flatMap { [UInt8]($0.code) })
        let source = StoredVectors(byID: Dictionary(uniqueKeysWithValues: zip(ids, vectors)))

        let fusion = HybridFusion()
        let index = try QuarryIndex.open(url, kind: .hybrid, embedder: embedder, fusion: fusion)
        let k = 5
        var differsFromTenTimesTheDepth = false
        for question in ["boundary layer transition on a flat plate", "heat transfer in hypersonic flow",
                         "pressure distribution on a cone at incidence", "buckling of thin cylindrical shells"] {
            let vector = try await embedder.embed([question])[0]
            let sparse = expected.bm25(question, k: fusion.depth)
            func fused(factor: Int) throws -> [ScoredID] {
                let dense = try quantised.search(query: vector, k: fusion.depth, refiningWith: source, factor: factor)
                return fusion.fuse(sparse: sparse, dense: dense.map { ScoredID(id: $0.id, score: $0.score) }, k: k)
            }
            let hybrid = try await index.retriever.retrieve(question, k: k)
            #expect(Self.hits(hybrid) == (try fused(factor: 1)), "\(question)")
            if try fused(factor: 10) != fused(factor: 1) { differsFromTenTimesTheDepth = true }
        }
        #expect(differsFromTenTimesTheDepth, "some question tells the two readings apart")
    }
}

/// Stored vectors by chunk id, for re-scoring outside the index.
private struct StoredVectors: VectorSource {
    let byID: [Int64: [Float]]

    func vectors(for ids: [Int64]) throws -> [[Float]?] { ids.map { byID[$0] } }
}
