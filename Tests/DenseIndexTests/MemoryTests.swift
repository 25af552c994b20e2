import DenseIndex
import Testing

@Suite struct MemoryTests {
    /// 384-d vectors under PQ48 cost 48 code bytes and an 8-byte id each, with at most
    /// 1/8 spare capacity: 1M chunks need ≤ 63 MB plus the centroids and codebooks.
    @Test func pq48BytesPerVector() throws {
        var random = SyntheticVectors(seed: 51)
        let base = random.gaussian(count: 6000, dimension: 384)
        var index = try IVFPQIndex(spec: IndexSpec(parsing: "IVF16,PQ48"), dimension: 384, metric: .innerProduct)
        try index.train(base.rows(0 ..< 2000))
        for batch in 0 ..< 6 {
            let rows = batch * 1000 ..< (batch + 1) * 1000
            try index.add(ids: rows.map(Int64.init), vectors: base.rows(rows))
        }
        let parameterBytes = try IndexLoader.load(parameters: index.parameters()).residentBytes
        let perVector = Double(index.residentBytes - parameterBytes) / Double(index.count)
        #expect(perVector >= 56)
        #expect(perVector <= 56 * 1.125)
        #expect(parameterBytes < 1_000_000)
    }
}
