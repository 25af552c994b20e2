import DenseIndex
import Testing

@Suite struct ProductQuantizerTests {
    let data: VectorMatrix
    let quantizer: ProductQuantizer

    init() throws {
        var random = SyntheticVectors(seed: 5)
        data = random.gaussian(count: 6000, dimension: 16)
        var pq = try ProductQuantizer(dimension: 16, subspaces: 8)
        try pq.train(data)
        quantizer = pq
    }

    /// 256 centroids on 2-d standard normal slices leave well under 5% of the variance.
    @Test func reconstructionErrorIsBounded() throws {
        let decoded = try quantizer.decode(try quantizer.encode(data))
        let error = zip(data.values, decoded.values).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(data.values.count)
        #expect(error < 0.05, "mean squared error \(error) per float of unit variance")
        #expect(error > 0)
    }

    /// A decoded vector is a fixed point: encoding it again gives the same code.
    @Test func decodedVectorsEncodeToTheSameCode() throws {
        let codes = try quantizer.encode(data.rows(0 ..< 200))
        #expect(try quantizer.encode(try quantizer.decode(codes)) == codes)
    }

    /// ADC scores equal the exact score against the decoded vector, for both metrics.
    @Test(arguments: Metric.allCases)
    func adcEqualsBruteForceOnDecodedVectors(metric: Metric) throws {
        var random = SyntheticVectors(seed: 9)
        let query = random.gaussian(count: 1, dimension: 16)[0]
        let table = try quantizer.lookupTable(for: query, metric: metric)
        let codes = try quantizer.encode(data.rows(0 ..< 300))
        let decoded = try quantizer.decode(codes)
        for row in 0 ..< 300 {
            let y = decoded[row]
            let exact = metric == .innerProduct
                ? zip(query, y).map { $0 * $1 }.reduce(0, +)
                : zip(query, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
            let adc = table.score(of: Array(codes[row * 8 ..< (row + 1) * 8]))
            #expect(abs(adc - exact) <= 1e-4 * max(1, abs(exact)))
        }
    }

    @Test func rejectsDimensionNotDivisible() {
        #expect(throws: DenseIndexError.self) { try ProductQuantizer(dimension: 50, subspaces: 8) }
    }

    @Test func refusesToEncodeBeforeTraining() throws {
        let untrained = try ProductQuantizer(dimension: 16, subspaces: 4)
        #expect(throws: DenseIndexError.self) { try untrained.encode(data) }
    }
}
