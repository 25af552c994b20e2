/// Documents in the column form a segment is built from, for loading many at once
/// without a dictionary per document: document `d` (id `ids[d]`, ascending) has the
/// postings `documentStarts[d]..<documentStarts[d + 1]` of `termRows` (indices into
/// `terms`) and `counts`.
public struct SegmentColumns: Sendable {
    public var ids: [Int64]
    /// Each document's length in analysed terms.
    public var lengths: [Int]
    /// `ids.count + 1` offsets into `termRows` and `counts`, from 0.
    public var documentStarts: [Int]
    public var termRows: [Int32]
    public var counts: [Int32]
    /// The distinct terms the rows name.
    public var terms: [String]

    public init(ids: [Int64], lengths: [Int], documentStarts: [Int], termRows: [Int32], counts: [Int32], terms: [String]) {
        self.ids = ids
        self.lengths = lengths
        self.documentStarts = documentStarts
        self.termRows = termRows
        self.counts = counts
        self.terms = terms
    }

    /// Whether the columns are consistent: ids strictly ascending, one length and one
    /// start per document, starts ascending to the number of postings, rows in range,
    /// terms distinct.
    public var isWellFormed: Bool {
        ids.count == lengths.count && documentStarts.count == ids.count + 1 && documentStarts.first == 0
            && documentStarts.last == termRows.count && termRows.count == counts.count
            && zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }
            && zip(documentStarts, documentStarts.dropFirst()).allSatisfy { $0 <= $1 }
            && termRows.allSatisfy { $0 >= 0 && Int($0) < terms.count } && Set(terms).count == terms.count
    }
}
