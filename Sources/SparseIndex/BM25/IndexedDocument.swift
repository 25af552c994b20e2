/// One document as ``BM25Index`` keeps it: its id, length and term counts.
struct IndexedDocument: Sendable {
    /// A term of the document (an index into the index's term table) and its count.
    struct TermCount: Sendable {
        var term: Int32
        var count: Int32
    }

    var id: Int64
    var length: Int32
    var terms: [TermCount]

    /// How often `term` occurs in the document (0 when it doesn't).
    func count(of term: Int32) -> Int32 {
        terms.first { $0.term == term }?.count ?? 0
    }
}
