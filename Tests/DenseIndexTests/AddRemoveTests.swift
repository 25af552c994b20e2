import DenseIndex
import Testing

@Suite struct AddRemoveTests {
    @Test(arguments: ["Flat", "PQ4", "IVF8,PQ4"])
    func removedIDsNeverComeBack(spec: String) throws {
        var random = SyntheticVectors(seed: 41)
        let base = random.gaussian(count: 2000, dimension: 8)
        var index = try IndexSpec(parsing: spec).makeIndex(dimension: 8, metric: .l2)
        try index.train(base)
        try index.add(ids: rowIDs(2000), vectors: base)
        let doomed = Set((0 ..< 2000).filter { $0 % 3 == 0 }.map(Int64.init))
        #expect(index.remove(ids: doomed) == doomed.count)
        #expect(index.count == 2000 - doomed.count)
        #expect(index.remove(ids: doomed) == 0)
        for row in stride(from: 0, to: 2000, by: 97) {
            let hits = try index.search(query: base[row], k: 20)
            #expect(!hits.isEmpty)
            #expect(hits.allSatisfy { !doomed.contains($0.id) })
            if !doomed.contains(Int64(row)) { #expect(hits.contains { $0.id == Int64(row) }) }
        }
        #expect(Set(index.entries().map(\.id)).isDisjoint(with: doomed))
    }

    /// An id added twice is stored twice and one remove takes both.
    @Test func duplicateIDs() throws {
        var index = try FlatIndex(dimension: 2, metric: .innerProduct)
        try index.add(ids: [7, 7, 8], vectors: VectorMatrix(values: [1, 0, 0, 1, 1, 1], dimension: 2))
        #expect(index.count == 3)
        #expect(index.remove(ids: [7]) == 2)
        #expect(try index.search(query: [1, 0], k: 5).map(\.id) == [8])
    }

    @Test func rejectsMismatchedInput() throws {
        var index = try IndexSpec(parsing: "IVF4,PQ2").makeIndex(dimension: 4, metric: .l2)
        let vectors = try VectorMatrix(values: [Float](repeating: 1, count: 8), dimension: 4)
        #expect(throws: DenseIndexError.self) { try index.add(ids: [1, 2], vectors: vectors) }
        #expect(throws: DenseIndexError.self) { try index.search(query: [1, 2, 3, 4], k: 1) }
        var flat = try FlatIndex(dimension: 4, metric: .l2)
        #expect(throws: DenseIndexError.self) { try flat.add(ids: [1], vectors: vectors) }
        #expect(throws: DenseIndexError.self) { try flat.search(query: [1, 2], k: 1) }
        #expect(throws: DenseIndexError.self) { try flat.search(query: [1, 2, 3, 4], k: 0) }
    }

    /// Growth since training: count over the vectors trained on.
    @Test func growthSinceTraining() throws {
        var random = SyntheticVectors(seed: 42)
        let base = random.gaussian(count: 3000, dimension: 8)
        var index = try IndexSpec(parsing: "IVF8,PQ4").makeIndex(dimension: 8, metric: .l2)
        try index.train(base.rows(0 ..< 1000))
        try index.add(ids: rowIDs(3000), vectors: base)
        #expect(index.trainingCount == 1000)
        #expect(abs(index.growthSinceTraining - 3) < 1e-9)
    }
}
