import Foundation
import QuarryCore
import Testing
import SparseIndex

/// The segmented index against an exhaustive scorer written from the formula: every
/// posting scored, summed into a per-document accumulator in query order, all in the
/// arithmetic the single-table index used (IDF rounded to Float, the product in Double,
/// the sum in Float). Same ids, same scores to the bit, same order (equal scores by
/// ascending id), whatever the segments, deletions, merges and pruning.
@Suite struct SegmentedIndexTests {
    /// A reference built from the live documents alone.
    struct Exhaustive {
        var documents: [Int64: BM25Document] = [:]
        var parameters = BM25Parameters()

        func search(_ query: [String], k: Int) -> [ScoredID] {
            let n = Double(documents.count)
            let averageLength = documents.isEmpty
                ? 0 : Double(documents.values.reduce(0) { $0 + $1.length }) / n
            var frequency: [String: Int] = [:]
            for document in documents.values {
                for (term, count) in document.frequencies where count > 0 { frequency[term, default: 0] += 1 }
            }
            let k1 = Double(parameters.k1), b = Double(parameters.b)
            var accumulator: [Int64: Float] = [:]
            for term in query {
                guard let df = frequency[term].map(Double.init) else { continue }
                let idf = Float(log(1 + (n - df + 0.5) / (df + 0.5)))
                for document in documents.values {
                    guard let count = document.frequencies[term], count > 0 else { continue }
                    let relative = averageLength > 0 ? b * Double(document.length) / averageLength : 0
                    let norm = k1 * ((1 - b) + relative), tf = Double(count)
                    accumulator[document.id, default: 0] += Float(Double(idf) * tf / (norm + tf))
                }
            }
            let ranked = accumulator.filter { $0.value > 0 }.map { ScoredID(id: $0.key, score: $0.value) }
                .sorted { $0.ranks(before: $1) }
            return Array(ranked.prefix(k))
        }
    }

    /// Zipf-like term draws, so some terms are in most documents and most in few: the
    /// shape where pruning skips the most, and where a wrong bound would show.
    static func randomDocument(id: Int64, using generator: inout SeededGenerator) -> BM25Document {
        let length = Int.random(in: 1...40, using: &generator)
        var frequencies: [String: Int] = [:]
        for _ in 0..<length { frequencies[randomTerm(using: &generator), default: 0] += 1 }
        return BM25Document(id: id, length: length, frequencies: frequencies)
    }

    static func randomTerm(using generator: inout SeededGenerator) -> String {
        let u = Double.random(in: 0..<1, using: &generator)
        return "t\(Int(pow(400, u * u)))"
    }

    static func randomQuery(using generator: inout SeededGenerator) -> [String] {
        (0..<Int.random(in: 1...8, using: &generator)).map { _ in randomTerm(using: &generator) }
    }

    @Test func prunedSearchEqualsExhaustiveScoringAcrossSegmentsDeletesAndMerges() {
        var generator = SeededGenerator(seed: 24)
        var index = BM25Index(), reference = Exhaustive()
        var nextID: Int64 = 1
        for round in 0..<40 {
            // A write of 1…60 documents (some replacing earlier ids), then a few removals.
            var batch: [BM25Document] = []
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                let replacing = nextID > 10 && Bool.random(using: &generator) && Int.random(in: 0..<5, using: &generator) == 0
                let id = replacing ? Int64.random(in: 1..<nextID, using: &generator) : nextID
                if !replacing { nextID += 1 }
                batch.append(Self.randomDocument(id: id, using: &generator))
            }
            index.add(batch)
            for document in batch { reference.documents[document.id] = document }
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                let id = Int64.random(in: 1..<nextID, using: &generator)
                index.remove(id: id)
                reference.documents[id] = nil
            }
            if round % 7 == 6 { index.merge(policy: MergePolicy(mergeFactor: 3, floorSize: 20)) }
            #expect(index.documentCount == reference.documents.count)
            for _ in 0..<25 {
                let query = Self.randomQuery(using: &generator)
                for k in [1, 3, 10, 1_000] {
                    let expected = reference.search(query, k: k)
                    #expect(index.search(query, k: k) == expected, "round \(round), query \(query), k \(k)")
                }
                if let id = reference.documents.keys.randomElement(using: &generator) {
                    let expected = reference.search(query, k: .max).first { $0.id == id }?.score ?? 0
                    #expect(index.score(query, id: id) == expected)
                }
            }
        }
        #expect(index.segmentCount > 1)
    }

    @Test func aMergeInstalledAfterLaterDeletionsKeepsThem() throws {
        var generator = SeededGenerator(seed: 7)
        var index = BM25Index(), reference = Exhaustive()
        for batch in 0..<4 {
            let documents = (0..<30).map { Self.randomDocument(id: Int64(batch * 30 + $0), using: &generator) }
            index.add(documents)
            for document in documents { reference.documents[document.id] = document }
        }
        let plan = try #require(index.mergePlan(policy: MergePolicy(mergeFactor: 4, floorSize: 100)))
        #expect(plan.documentCount == 120)
        // While the merge runs: removals from the merged segments and a new write.
        for id: Int64 in [3, 44, 45, 119] {
            index.remove(id: id)
            reference.documents[id] = nil
        }
        let late = Self.randomDocument(id: 500, using: &generator)
        index.add([late])
        reference.documents[500] = late
        let installed = index.install(plan.run())
        #expect(installed)
        #expect(index.segmentCount == 2)
        #expect(!index.contains(id: 44) && index.contains(id: 500) && index.contains(id: 46))
        #expect(index.documentCount == 117)
        for _ in 0..<50 {
            let query = Self.randomQuery(using: &generator)
            #expect(index.search(query, k: 10) == reference.search(query, k: 10))
        }
        // The same merge again: its segments are gone, so nothing changes.
        let again = index.install(plan.run())
        #expect(!again)
    }

    @Test func aTrickleOfSmallWritesStaysAFewSegments() {
        var generator = SeededGenerator(seed: 3)
        var index = BM25Index()
        let policy = MergePolicy(mergeFactor: 4, floorSize: 8)
        for id in 0..<2_000 {
            index.add([Self.randomDocument(id: Int64(id), using: &generator)])
            index.merge(policy: policy)
        }
        // Tiers of 8, 32, 128, 512, 2048: fewer than 4 segments in each.
        #expect(index.segmentCount <= 5 * 3)
        #expect(index.documentCount == 2_000)
    }

    @Test func aSegmentMostlyDeletedIsRewrittenWithoutItsDeletions() throws {
        var index = BM25Index()
        index.add((0..<10).map { BM25Document(id: Int64($0), length: 2, frequencies: ["a": 1, "b\($0)": 1]) })
        for id: Int64 in 0..<4 { index.remove(id: id) }
        let plan = try #require(index.mergePlan())
        #expect(plan.documentCount == 6)
        let before = index.search(["a", "b7"], k: 10)
        index.merge()
        #expect(index.mergePlan() == nil)
        #expect(index.search(["a", "b7"], k: 10) == before)
        #expect(index.termCount == 7)
    }
}
