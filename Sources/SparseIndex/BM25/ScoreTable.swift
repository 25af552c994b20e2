import Foundation

/// The precomputed BM25 score of every posting, bm25s-style, in compressed sparse
/// row form: the postings of term `t` are `offsets[t]..<offsets[t + 1]`, each a
/// document slot and that document's score for the term. A query is then a sum
/// of a few rows into an accumulator.
///
/// score(t, d) = IDF(t) · tf / (tf + k1 · (1 − b + b · |d| / avgdl)), with Lucene's
/// IDF(t) = ln(1 + (N − df + 0.5) / (df + 0.5)) and no (k1 + 1) factor (as Lucene 8+
/// and bm25s's "lucene" method). IDF is rounded to `Float` before the product and the
/// product computed in `Double`, as bm25s does.
struct ScoreTable: Sendable {
    let offsets: [Int32]
    let slots: [Int32]
    let scores: [Float]
    /// The id of the document in each slot.
    let documentIDs: [Int64]
    private let parameters: BM25Parameters
    private let documentCount: Int
    private let averageLength: Double

    init(
        documents: [IndexedDocument], documentFrequencies: [Int32], totalLength: Int,
        parameters: BM25Parameters
    ) {
        self.parameters = parameters
        documentCount = documents.count
        averageLength = documents.isEmpty ? 0 : Double(totalLength) / Double(documents.count)
        documentIDs = documents.map(\.id)

        var offsets = [Int32](repeating: 0, count: documentFrequencies.count + 1)
        for (term, frequency) in documentFrequencies.enumerated() {
            offsets[term + 1] = offsets[term] + frequency
        }
        let postingCount = Int(offsets[documentFrequencies.count])
        let idf = documentFrequencies.map { Self.inverseDocumentFrequency($0, documentCount: documents.count) }
        let k1 = Double(parameters.k1), b = Double(parameters.b), averageLength = averageLength
        var next = offsets
        var slots = [Int32](repeating: 0, count: postingCount)
        var scores = [Float](repeating: 0, count: postingCount)
        for (slot, document) in documents.enumerated() {
            let norm = Self.lengthNorm(document.length, k1: k1, b: b, averageLength: averageLength)
            for entry in document.terms {
                let position = Int(next[Int(entry.term)])
                next[Int(entry.term)] += 1
                slots[position] = Int32(slot)
                scores[position] = Self.score(idf: idf[Int(entry.term)], count: entry.count, lengthNorm: norm)
            }
        }
        self.offsets = offsets
        self.slots = slots
        self.scores = scores
    }

    /// The score of one posting: a term occurring `count` times in a document of
    /// `length` terms, the term being in `documentFrequency` documents.
    func score(count: Int32, length: Int32, documentFrequency: Int32) -> Float {
        let idf = Self.inverseDocumentFrequency(documentFrequency, documentCount: documentCount)
        return Self.score(idf: idf, count: count, lengthNorm: lengthNorm(length))
    }

    /// k1 · (1 − b + b · |d| / avgdl).
    private func lengthNorm(_ length: Int32) -> Double {
        Self.lengthNorm(length, k1: Double(parameters.k1), b: Double(parameters.b), averageLength: averageLength)
    }

    private static func lengthNorm(_ length: Int32, k1: Double, b: Double, averageLength: Double) -> Double {
        let relative = averageLength > 0 ? b * Double(length) / averageLength : 0
        return k1 * ((1 - b) + relative)
    }

    private static func score(idf: Float, count: Int32, lengthNorm: Double) -> Float {
        let tf = Double(count)
        return Float(Double(idf) * tf / (lengthNorm + tf))
    }

    /// Lucene's IDF, ln(1 + (N − df + 0.5) / (df + 0.5)), rounded to `Float`.
    private static func inverseDocumentFrequency(_ documentFrequency: Int32, documentCount: Int) -> Float {
        let df = Double(documentFrequency), n = Double(documentCount)
        return Float(log(1 + (n - df + 0.5) / (df + 0.5)))
    }
}
