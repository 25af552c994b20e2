import Foundation

/// The BM25 arithmetic at one set of collection statistics (N documents, avgdl), the
/// same to the bit as bm25s's "lucene" method:
///
/// score(t, d) = IDF(t) · tf / (tf + k1 · (1 − b + b · |d| / avgdl)), with Lucene's
/// IDF(t) = ln(1 + (N − df + 0.5) / (df + 0.5)) and no (k1 + 1) factor. IDF is rounded
/// to `Float` before the product and the product computed in `Double`, as bm25s does; a
/// document's score is the `Float` sum of its terms' scores in query order.
struct BM25Scorer: Sendable {
    let documentCount: Int
    let averageLength: Double
    private let k1: Double
    private let b: Double

    /// The scorer for `documentCount` live documents of `totalLength` terms in all.
    init(parameters: BM25Parameters, documentCount: Int, totalLength: Int) {
        self.documentCount = documentCount
        averageLength = documentCount == 0 ? 0 : Double(totalLength) / Double(documentCount)
        k1 = Double(parameters.k1)
        b = Double(parameters.b)
    }

    /// Lucene's IDF for a term in `documentFrequency` documents, rounded to `Float`.
    func inverseDocumentFrequency(_ documentFrequency: Int) -> Float {
        let df = Double(documentFrequency), n = Double(documentCount)
        return Float(log(1 + (n - df + 0.5) / (df + 0.5)))
    }

    /// k1 · (1 − b + b · |d| / avgdl).
    func lengthNorm(_ length: Int32) -> Double {
        let relative = averageLength > 0 ? b * Double(length) / averageLength : 0
        return k1 * ((1 - b) + relative)
    }

    /// The score of a term occurring `count` times in a document with `lengthNorm`.
    /// Increasing in `count` and decreasing in `lengthNorm`, before and after rounding:
    /// the score at a term's largest count and smallest norm bounds all its postings.
    @inline(__always)
    static func score(idf: Float, count: Int32, lengthNorm: Double) -> Float {
        let tf = Double(count)
        return Float(Double(idf) * tf / (lengthNorm + tf))
    }
}
