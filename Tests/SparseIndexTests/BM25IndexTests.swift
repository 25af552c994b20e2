import Foundation
import QuarryCore
import Testing
import SparseIndex

@Suite struct BM25IndexTests {
    /// N = 3 documents, total length 3 + 2 + 4 = 9, so avgdl = 3; k1 = 1.5, b = 0.75.
    /// Length norms k1·(1 − b + b·|d|/avgdl): d1 (|d| = 3) 1.5, d2 (2) 1.125, d3 (4) 1.875.
    /// Lucene IDF ln(1 + (N − df + 0.5)/(df + 0.5)): df 2 → ln(1 + 1.5/2.5) = ln 1.6,
    /// df 1 → ln(1 + 2.5/1.5) = ln(8/3).
    static func toyIndex() -> BM25Index {
        var index = BM25Index()
        index.add(id: 1, frequencies: ["cat": 2, "dog": 1], length: 3)
        index.add(id: 2, frequencies: ["dog": 1, "bird": 1], length: 2)
        index.add(id: 3, frequencies: ["fish": 3, "cat": 1], length: 4)
        return index
    }

    static let idf2 = log(1.6)
    static let idf1 = log(8.0 / 3.0)

    private func expectClose(_ actual: Float, _ expected: Double) {
        #expect(abs(Double(actual) - expected) < 1e-6, "\(actual) ≠ \(expected)")
    }

    @Test func scoresEqualHandComputedValues() {
        let index = Self.toyIndex()
        // tf / (tf + norm): cat in d1 2/(2 + 1.5) = 4/7; cat in d3 1/(1 + 1.875) = 8/23.
        expectClose(index.score(["cat"], id: 1), Self.idf2 * 4 / 7)
        expectClose(index.score(["cat"], id: 3), Self.idf2 * 8 / 23)
        // dog in d1 1/(1 + 1.5) = 0.4; dog in d2 1/(1 + 1.125) = 8/17.
        expectClose(index.score(["dog"], id: 1), Self.idf2 * 0.4)
        expectClose(index.score(["dog"], id: 2), Self.idf2 * 8 / 17)
        // bird in d2 8/17 with ln(8/3); fish in d3 3/(3 + 1.875) = 8/13 with ln(8/3).
        expectClose(index.score(["bird"], id: 2), Self.idf1 * 8 / 17)
        expectClose(index.score(["fish"], id: 3), Self.idf1 * 8 / 13)
        expectClose(index.score(["cat", "dog"], id: 1), Self.idf2 * (4.0 / 7 + 0.4))
        #expect(index.score(["bird"], id: 1) == 0)
        #expect(index.score(["cat"], id: 99) == 0)
    }

    @Test func searchRanksByScoreAndMatchesScore() {
        let index = Self.toyIndex()
        // d1 = ln1.6·(4/7 + 0.4) ≈ 0.4566, d2 = ln1.6·8/17 ≈ 0.2212, d3 = ln1.6·8/23 ≈ 0.1635.
        let results = index.search(["cat", "dog"], k: 10)
        #expect(results.map(\.id) == [1, 2, 3])
        for result in results {
            #expect(result.score == index.score(["cat", "dog"], id: result.id))
        }
        expectClose(results[0].score, Self.idf2 * (4.0 / 7 + 0.4))
        #expect(index.search(["cat", "dog"], k: 2).map(\.id) == [1, 2])
        #expect(index.search(["fish", "bird"], k: 10).map(\.id) == [3, 2])
        #expect(index.search(["cat", "dog"], k: .max).count == 3)
    }

    @Test func equalScoresRankByAscendingID() {
        var index = BM25Index()
        for id: Int64 in [7, 5, 9] { index.add(id: id, frequencies: ["same": 1], length: 1) }
        index.add(id: 1, frequencies: ["other": 1], length: 1)
        #expect(index.search(["same"], k: 10).map(\.id) == [5, 7, 9])
        #expect(index.search(["same"], k: 2).map(\.id) == [5, 7])
    }

    @Test func repeatedQueryTermsCountOncePerOccurrence() {
        let index = Self.toyIndex()
        expectClose(index.score(["cat", "cat"], id: 1), 2 * Self.idf2 * 4 / 7)
        #expect(index.search(["cat", "cat"], k: 1).first?.score == index.score(["cat", "cat"], id: 1))
    }

    @Test func emptyUnknownAndStopWordQueriesFindNothing() {
        let index = Self.toyIndex()
        #expect(index.search([], k: 10).isEmpty)
        #expect(index.search(["unicorn"], k: 10).isEmpty)
        #expect(index.search(Analyzer().terms("the of and to a"), k: 10).isEmpty)
        #expect(index.search(["cat"], k: 0).isEmpty)
        #expect(BM25Index().search(["cat"], k: 10).isEmpty)
    }

    @Test func removeLeavesNoTrace() {
        var index = Self.toyIndex()
        index.add(id: 4, frequencies: ["cat": 1, "zebra": 5], length: 9)
        _ = index.search(["cat"], k: 10)
        index.remove(id: 4)
        let rebuilt = Self.toyIndex()
        #expect(index.documentCount == 3)
        #expect(index.termCount == rebuilt.termCount)
        #expect(!index.contains(id: 4))
        #expect(index.search(["zebra"], k: 10).isEmpty)
        for query in [["cat"], ["cat", "dog"], ["fish", "bird", "dog"], ["zebra", "cat"]] {
            #expect(index.search(query, k: 10) == rebuilt.search(query, k: 10))
            for id: Int64 in 1...3 { #expect(index.score(query, id: id) == rebuilt.score(query, id: id)) }
        }
        index.remove(id: 42)
        #expect(index.documentCount == 3)
    }

    @Test func addWithExistingIDReplacesTheDocument() {
        var index = Self.toyIndex()
        index.add(id: 2, frequencies: ["fish": 1], length: 1)
        var expected = BM25Index()
        expected.add(id: 1, frequencies: ["cat": 2, "dog": 1], length: 3)
        expected.add(id: 3, frequencies: ["fish": 3, "cat": 1], length: 4)
        expected.add(id: 2, frequencies: ["fish": 1], length: 1)
        #expect(index.documentCount == 3)
        #expect(index.search(["bird"], k: 10).isEmpty)
        for query in [["fish"], ["dog", "cat"], ["bird", "fish"]] {
            #expect(index.search(query, k: 10) == expected.search(query, k: 10))
        }
    }

    @Test func copiesAreIndependent() {
        let original = Self.toyIndex()
        let before = original.search(["cat", "dog"], k: 10)
        var copy = original
        copy.remove(id: 1)
        copy.add(id: 5, frequencies: ["cat": 9], length: 9)
        #expect(original.search(["cat", "dog"], k: 10) == before)
        #expect(copy.search(["cat"], k: 10).map(\.id) == [5, 3])
    }

    @Test func parametersChangeScores() {
        var index = BM25Index(parameters: BM25Parameters(k1: 1.2, b: 0))
        index.add(id: 1, frequencies: ["cat": 2], length: 10)
        index.add(id: 2, frequencies: ["dog": 1], length: 1)
        // b = 0: no length normalisation, so norm = k1 = 1.2; df 1 of N 2: ln(1 + 1.5/1.5) = ln 2.
        expectClose(index.score(["cat"], id: 1), log(2.0) * 2 / 3.2)
        #expect(index.parameters == BM25Parameters(k1: 1.2, b: 0))
    }

    @Test func concurrentSearchesAgree() async {
        let analyzer = Analyzer()
        var index = BM25Index()
        let texts = ["Running dogs chase cats", "Cats sleep all day", "Dogs and cats living together",
                     "Birds sing in the morning", "The morning dog walk"]
        for (id, text) in texts.enumerated() {
            let (frequencies, length) = analyzer.termFrequencies(text)
            index.add(id: Int64(id), frequencies: frequencies, length: length)
        }
        let query = analyzer.terms("dog cat morning")
        let snapshot = index
        let results = await withTaskGroup(of: [ScoredID].self) { group in
            for _ in 0..<8 { group.addTask { snapshot.search(query, k: 3) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(Set(results.map { $0.map(\.id) }).count == 1)
        #expect(results[0].count == 3)
    }
}
