import DenseIndex
import Testing

@Suite struct KMeansTests {
    /// Eight well-separated centres in 8-d: k-means++ seeding recovers every one.
    /// (Random seeding picks two points of one cluster most of the time, a local optimum.)
    @Test func recoversSeparableClusters() throws {
        var random = SyntheticVectors(seed: 7)
        let centres = try VectorMatrix(values: (0 ..< 64).map { _ in 20 * random.uniform() }, dimension: 8)
        let data = random.clustered(count: 4000, centres: centres, spread: 0.05)
        let result = try KMeans(clusters: 8, initialization: .plusPlus).train(data)
        for c in 0 ..< 8 {
            let nearest = (0 ..< 8).map { j in zip(centres[c], result.centroids[j]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }.min()!
            #expect(nearest < 0.01, "centre \(c) is \(nearest) from its nearest centroid")
        }
        #expect(result.objective < 4000 * 8 * 0.05 * 0.05 * 1.5)
    }

    /// Lloyd iterations never raise the objective, whatever the seeding.
    @Test(arguments: [KMeans.Initialization.random, .plusPlus])
    func iterationsLowerTheObjective(initialization: KMeans.Initialization) throws {
        var random = SyntheticVectors(seed: 8)
        let data = random.gaussian(count: 3000, dimension: 4)
        let once = try KMeans(clusters: 32, iterations: 1, initialization: initialization).train(data)
        let many = try KMeans(clusters: 32, iterations: 20, initialization: initialization).train(data)
        #expect(many.objective < once.objective)
    }

    /// The same seed gives the same centroids.
    @Test func isDeterministic() throws {
        var random = SyntheticVectors(seed: 3)
        let data = random.gaussian(count: 2000, dimension: 20)
        let a = try KMeans(clusters: 16, iterations: 5).train(data)
        let b = try KMeans(clusters: 16, iterations: 5).train(data)
        #expect(a.centroids == b.centroids)
    }

    /// Only 4 distinct points but 16 clusters: empty clusters are split from full ones
    /// and every centroid stays finite and near the data.
    @Test func repairsEmptyClusters() throws {
        let distinct: [[Float]] = [[0, 0], [10, 0], [0, 10], [10, 10]]
        let data = try VectorMatrix(rows: (0 ..< 400).map { distinct[$0 % 4] }, dimension: 2)
        let result = try KMeans(clusters: 16).train(data)
        #expect(result.repairedClusters > 0)
        #expect(result.centroids.values.allSatisfy { $0.isFinite && $0 > -1 && $0 < 11 })
    }

    /// Wide vectors (the BLAS path) cluster as well as narrow ones.
    @Test func clustersWideVectors() throws {
        var random = SyntheticVectors(seed: 11)
        let centres = random.gaussian(count: 4, dimension: 64)
        let scaled = try VectorMatrix(values: centres.values.map { $0 * 10 }, dimension: 64)
        let data = random.clustered(count: 1000, centres: scaled, spread: 0.1)
        let result = try KMeans(clusters: 4).train(data)
        #expect(result.objective < 1000 * 64 * 0.01 * 1.5)
    }

    @Test func rejectsTooFewPoints() throws {
        let data = try VectorMatrix(values: [1, 2, 3, 4], dimension: 2)
        #expect(throws: DenseIndexError.self) { try KMeans(clusters: 3).train(data) }
    }
}
