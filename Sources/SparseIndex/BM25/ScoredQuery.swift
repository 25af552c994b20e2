/// A query ready to score: its distinct terms with their IDF at the index's current
/// statistics, and which term each query position holds (a term repeated in the
/// query counts once per occurrence, added in query order).
struct ScoredQuery: Sendable {
    struct Term: Sendable {
        var text: String
        var idf: Float
        /// How often the term occurs in the query.
        var multiplicity: Int
    }

    let terms: [Term]
    /// For each query position (of a term the index has), its index in `terms`.
    let positions: [Int]
    let scorer: BM25Scorer

    /// The sum of `scores` (one per distinct term, 0 where the document lacks it) in
    /// query order, in `Float`: exactly what adding each query term's postings into an
    /// accumulator gives.
    @inline(__always)
    func total(_ scores: UnsafeMutableBufferPointer<Float>) -> Float {
        var total: Float = 0
        for position in positions { total += scores[position] }
        return total
    }

    /// A factor over 1 that covers the rounding of a `Float` sum of `positions.count`
    /// terms, so a bound times it is never below a score it bounds.
    var boundSlack: Double { 1 + 1e-6 + Double(positions.count) * 2.5e-7 }
}
