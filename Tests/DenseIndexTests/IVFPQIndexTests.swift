import DenseIndex
import Testing

@Suite struct IVFPQIndexTests {
    /// 20,000 clustered 32-d vectors: IVF64,PQ8 with nprobe 16 and exact re-scoring of
    /// 10·k candidates finds ≥ 90% of the exact top-10, under both metrics.
    @Test(arguments: Metric.allCases)
    func refinedRecallOnClusteredData(metric: Metric) throws {
        var random = SyntheticVectors(seed: 21)
        let centres = random.gaussian(count: 100, dimension: 32)
        var base = random.clustered(count: 20000, centres: centres, spread: 0.4)
        var queries = random.clustered(count: 200, centres: centres, spread: 0.4)
        if metric == .innerProduct {
            base = base.normalized()
            queries = queries.normalized()
        }
        var flat = try FlatIndex(dimension: 32, metric: metric)
        try flat.add(ids: rowIDs(base.count), vectors: base)
        let truth = try flat.search(queries: queries, k: 10)

        var index = try IVFPQIndex(spec: IndexSpec(parsing: "IVF64,PQ8,Refine(10)"), dimension: 32, metric: metric)
        try index.train(base)
        try index.add(ids: rowIDs(base.count), vectors: base)
        index.nprobe = 16
        let refined = try index.search(queries: queries, k: 10, refiningWith: RowVectorSource(matrix: base))
        let approximate = try index.search(queries: queries, k: 10)
        #expect(recall(refined, truth: truth) >= 0.9)
        #expect(recall(refined, truth: truth) > recall(approximate, truth: truth))
        #expect(recall(approximate, truth: truth) >= 0.25)
    }

    /// On unstructured Gaussian data, the hardest case, refining still recovers most of
    /// the exact top-10, and scores come out sorted closest first.
    @Test func refinedRecallOnRandomData() throws {
        var random = SyntheticVectors(seed: 22)
        let base = random.gaussian(count: 10000, dimension: 16).normalized()
        let queries = random.gaussian(count: 100, dimension: 16).normalized()
        var flat = try FlatIndex(dimension: 16, metric: .innerProduct)
        try flat.add(ids: rowIDs(base.count), vectors: base)
        let truth = try flat.search(queries: queries, k: 10)
        var index = try IVFPQIndex(spec: IndexSpec(parsing: "IVF32,PQ8"), dimension: 16, metric: .innerProduct)
        try index.train(base)
        try index.add(ids: rowIDs(base.count), vectors: base)
        index.nprobe = 8
        let found = try index.search(queries: queries, k: 10, refiningWith: RowVectorSource(matrix: base), factor: 10)
        #expect(recall(found, truth: truth) >= 0.85)
        for hits in found { #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score }) }
    }

    /// PQIndex scans every code: with exact re-scoring its recall matches IVF-PQ's.
    @Test func pqIndexRecall() throws {
        var random = SyntheticVectors(seed: 23)
        let base = random.gaussian(count: 5000, dimension: 16)
        let queries = random.gaussian(count: 50, dimension: 16)
        var flat = try FlatIndex(dimension: 16, metric: .l2)
        try flat.add(ids: rowIDs(base.count), vectors: base)
        let truth = try flat.search(queries: queries, k: 10)
        var index = try IndexSpec(parsing: "PQ8,RFlat").makeIndex(dimension: 16, metric: .l2)
        try index.train(base)
        try index.add(ids: rowIDs(base.count), vectors: base)
        let found = try index.search(queries: queries, k: 10, refiningWith: RowVectorSource(matrix: base))
        #expect(recall(found, truth: truth) >= 0.9)
    }

    /// Single-query and batched exact search agree (SIMD scan vs BLAS blocks).
    @Test(arguments: Metric.allCases)
    func flatBatchMatchesSingleQuery(metric: Metric) throws {
        var random = SyntheticVectors(seed: 24)
        let base = random.gaussian(count: 9000, dimension: 24)
        let queries = random.gaussian(count: 20, dimension: 24)
        var flat = try FlatIndex(dimension: 24, metric: metric)
        try flat.add(ids: rowIDs(base.count), vectors: base)
        let batched = try flat.search(queries: queries, k: 5)
        for row in 0 ..< queries.count {
            let single = try flat.search(query: queries[row], k: 5)
            #expect(single.map(\.id) == batched[row].map(\.id))
            for (a, b) in zip(single, batched[row]) { #expect(abs(a.score - b.score) < 1e-3) }
        }
    }
}
