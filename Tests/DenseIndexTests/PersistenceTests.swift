import DenseIndex
import Foundation
import Testing

@Suite struct PersistenceTests {
    let base: VectorMatrix
    let queries: VectorMatrix

    init() {
        var random = SyntheticVectors(seed: 31)
        base = random.gaussian(count: 4000, dimension: 16).normalized()
        queries = random.gaussian(count: 30, dimension: 16).normalized()
    }

    func trained(_ spec: String, metric: Metric = .innerProduct) throws -> any VectorIndex {
        var index = try IndexSpec(parsing: spec).makeIndex(dimension: 16, metric: metric)
        try index.train(base)
        try index.add(ids: rowIDs(base.count), vectors: base)
        return index
    }

    /// Parameters blob + entries rebuild an index that answers exactly as the original.
    @Test(arguments: ["Flat", "PQ4", "IVF16,PQ8", "IVF16,PQ4,Refine(5)"], Metric.allCases)
    func roundTripGivesIdenticalResults(spec: String, metric: Metric) throws {
        let original = try trained(spec, metric: metric)
        var restored = try IndexLoader.load(parameters: original.parameters())
        try restored.insert(original.entries())
        #expect(restored.spec == original.spec)
        #expect(restored.metric == metric)
        #expect(restored.count == original.count)
        #expect(restored.trainingCount == original.trainingCount)
        #expect(restored.parameters() == original.parameters())
        #expect(try restored.search(queries: queries, k: 10) == original.search(queries: queries, k: 10))
    }

    /// Guards the open's column path: entries handed over as id, list and code columns
    /// rebuild the same index as entries one by one (the lists' own path for PQ and
    /// IVF, the splitting default for Flat).
    @Test(arguments: ["Flat", "PQ4", "IVF16,PQ8", "IVF16,PQ4,Refine(5)"])
    func columnInsertRebuildsTheSameIndex(spec: String) throws {
        let original = try trained(spec)
        let entries = original.entries()
        var restored = try IndexLoader.load(parameters: original.parameters())
        try restored.insert(ids: entries.map(\.id), lists: entries.map(\.list), codes: entries.flatMap(\.code))
        #expect(restored.count == original.count)
        #expect(restored.entries() == entries)
        #expect(try restored.search(queries: queries, k: 10) == original.search(queries: queries, k: 10))
    }

    /// Columns that do not make whole entries, or name a list the index lacks, are
    /// rejected before anything is inserted.
    @Test(arguments: ["PQ4", "IVF16,PQ8"])
    func rejectsBadColumns(spec: String) throws {
        var index = try IndexLoader.load(parameters: try trained(spec).parameters())
        let size = spec == "PQ4" ? 4 : 8
        #expect(throws: DenseIndexError.self) { try index.insert(ids: [1, 2], lists: [0], codes: Array(repeating: 0, count: 2 * size)) }
        #expect(throws: DenseIndexError.self) { try index.insert(ids: [1, 2], lists: [0, 0], codes: Array(repeating: 0, count: 2 * size - 1)) }
        #expect(throws: DenseIndexError.self) { try index.insert(ids: [1, 2], lists: [0, 99], codes: Array(repeating: 0, count: 2 * size)) }
        #expect(index.count == 0)
    }

    /// Adding after a reload needs no retraining and encodes as before.
    @Test func incrementalAddAfterReload() throws {
        var original = try IndexSpec(parsing: "IVF16,PQ8").makeIndex(dimension: 16, metric: .innerProduct)
        try original.train(base)
        let first = try original.add(ids: rowIDs(3000), vectors: base.rows(0 ..< 3000))
        var restored = try IndexLoader.load(parameters: original.parameters())
        try restored.insert(first)
        let later = try restored.add(ids: (3000 ..< 4000).map(Int64.init), vectors: base.rows(3000 ..< 4000))
        let direct = try original.add(ids: (3000 ..< 4000).map(Int64.init), vectors: base.rows(3000 ..< 4000))
        #expect(later == direct)
        #expect(restored.count == 4000)
        #expect(try restored.search(queries: queries, k: 10) == original.search(queries: queries, k: 10))
        #expect(abs(restored.growthSinceTraining - 1.0) < 1e-9)
    }

    /// An untrained index's parameters load as untrained.
    @Test func untrainedRoundTrip() throws {
        let index = try IndexSpec(parsing: "IVF16,PQ8").makeIndex(dimension: 16, metric: .l2)
        let restored = try IndexLoader.load(parameters: index.parameters())
        #expect(!restored.isTrained)
        #expect(restored.spec.description == "IVF16,PQ8")
    }

    /// Truncated, foreign, future-versioned, padded or corrupted blobs are rejected.
    @Test func rejectsBadBlobs() throws {
        let good = try trained("IVF16,PQ8").parameters()
        var badMagic = good; badMagic[0] = UInt8(ascii: "X")
        var badVersion = good; badVersion[4] = 9
        var padded = good; padded.append(0)
        var notFinite = good
        notFinite.replaceSubrange(good.count - 8 ..< good.count - 4, with: withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { Data($0) })
        let specStart = 4 + 4 + 4
        var badSpec = good; badSpec[specStart] = UInt8(ascii: "Z")
        for (name, blob) in [("truncated", good.prefix(good.count - 3)), ("empty", Data()), ("magic", badMagic),
                             ("version", badVersion), ("padded", padded), ("nan", notFinite), ("spec", badSpec)] {
            #expect(throws: DenseIndexError.self, "\(name) blob") { try IndexLoader.load(parameters: Data(blob)) }
        }
        do {
            _ = try IndexLoader.load(parameters: badVersion)
            Issue.record("a blob of version 9 loaded")
        } catch {
            #expect("\(error)".contains("version 9"))
        }
    }

    /// Entries that do not fit the index are rejected before anything is inserted.
    @Test func rejectsBadEntries() throws {
        var index = try IndexLoader.load(parameters: try trained("IVF16,PQ8").parameters())
        #expect(throws: DenseIndexError.self) { try index.insert([IndexEntry(id: 1, list: 16, code: Array(repeating: 0, count: 8))]) }
        #expect(throws: DenseIndexError.self) { try index.insert([IndexEntry(id: 1, list: 0, code: [1, 2, 3])]) }
        #expect(index.count == 0)
    }
}
