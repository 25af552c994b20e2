import QuarryCore

/// An in-memory BM25 inverted index over documents given as term counts
/// (Lucene IDF, exact document lengths, avgdl = total terms / documents).
///
/// Mutations (``add(id:frequencies:length:)``, ``remove(id:)``) only update the
/// per-document term counts and document frequencies; the precomputed score of
/// every posting (a ``ScoreTable``) is rebuilt once, on the next search after a
/// mutation or by ``prepare()``. Since N and avgdl enter every score, any change
/// would touch every posting anyway, and a rebuild from the live documents leaves
/// no trace of removed ones. Building costs O(postings): batch mutations, then search.
///
/// It is a value: a copy is cheap and independent. Searching is thread-safe: all
/// readers of one version share one table, built under a lock the first time.
public struct BM25Index: Sendable {
    /// The BM25 parameters every score uses.
    public let parameters: BM25Parameters

    private var termIDs: [String: Int32] = [:]
    /// The term of each term id ("" for a free id).
    private var termNames: [String] = []
    /// How many documents contain each term id (0 for a free id).
    private var documentFrequencies: [Int32] = []
    private var freeTermIDs: [Int32] = []
    /// Documents by slot; a removed document's slot takes the last document.
    private var documents: [IndexedDocument] = []
    private var slots: [Int64: Int] = [:]
    private var totalLength = 0
    private var cache = ScoreTableCache()

    /// An empty index.
    public init(parameters: BM25Parameters = .init()) {
        self.parameters = parameters
    }

    /// The number of documents in the index.
    public var documentCount: Int { documents.count }

    /// The number of distinct terms in the index's documents.
    public var termCount: Int { termIDs.count }

    /// Whether a document with `id` is in the index.
    public func contains(id: Int64) -> Bool { slots[id] != nil }

    /// Adds a document from its term counts (e.g. ``Analyzer/termFrequencies(_:)``)
    /// and length in terms, replacing any document with the same id.
    /// Terms with a count below 1 are ignored.
    public mutating func add(id: Int64, frequencies: [String: Int], length: Int) {
        remove(id: id)
        cache = ScoreTableCache()
        var terms: [IndexedDocument.TermCount] = []
        terms.reserveCapacity(frequencies.count)
        for (term, count) in frequencies where count > 0 {
            let termID = termID(for: term)
            documentFrequencies[Int(termID)] += 1
            terms.append(.init(term: termID, count: Int32(clamping: count)))
        }
        slots[id] = documents.count
        documents.append(IndexedDocument(id: id, length: Int32(clamping: length), terms: terms))
        totalLength += length
    }

    /// Removes the document with `id`, if any, with all its postings; terms no other
    /// document has leave the index.
    public mutating func remove(id: Int64) {
        guard let slot = slots.removeValue(forKey: id) else { return }
        cache = ScoreTableCache()
        let document = documents[slot]
        for entry in document.terms {
            let termID = Int(entry.term)
            documentFrequencies[termID] -= 1
            if documentFrequencies[termID] == 0 {
                termIDs[termNames[termID]] = nil
                termNames[termID] = ""
                freeTermIDs.append(entry.term)
            }
        }
        totalLength -= Int(document.length)
        let last = documents.removeLast()
        if slot < documents.count {
            documents[slot] = last
            slots[last.id] = slot
        }
    }

    /// Builds the precomputed score table now instead of on the next search
    /// (e.g. right after loading, so the first query isn't slower).
    public func prepare() {
        _ = scoreTable
    }

    /// The `k` best documents for `queryTerms` (analysed like the documents), best
    /// first, equal scores by ascending id. Only documents containing a query term
    /// are returned; a term repeated in the query counts once per occurrence.
    public func search(_ queryTerms: [String], k: Int) -> [ScoredID] {
        let queryTermIDs = queryTerms.compactMap { termIDs[$0] }
        guard k > 0, !queryTermIDs.isEmpty else { return [] }
        let table = scoreTable
        var accumulator = [Float](repeating: 0, count: documents.count)
        accumulator.withUnsafeMutableBufferPointer { accumulator in
            table.slots.withUnsafeBufferPointer { slots in
                table.scores.withUnsafeBufferPointer { scores in
                    for termID in queryTermIDs {
                        let start = Int(table.offsets[Int(termID)]), end = Int(table.offsets[Int(termID) + 1])
                        for posting in start..<end {
                            accumulator[Int(slots[posting])] += scores[posting]
                        }
                    }
                }
            }
        }
        var heap = TopKHeap(capacity: min(k, documents.count))
        table.documentIDs.withUnsafeBufferPointer { ids in
            for (slot, score) in accumulator.enumerated() where score > 0 && score >= heap.threshold {
                heap.offer(ScoredID(id: ids[slot], score: score))
            }
        }
        return heap.sorted()
    }

    /// The score of document `id` for `queryTerms`, exactly as ``search(_:k:)``
    /// computes it; 0 when the document isn't in the index or shares no term.
    public func score(_ queryTerms: [String], id: Int64) -> Float {
        guard let slot = slots[id] else { return 0 }
        let table = scoreTable
        let document = documents[slot]
        var total: Float = 0
        for term in queryTerms {
            guard let termID = termIDs[term] else { continue }
            let count = document.count(of: termID)
            guard count > 0 else { continue }
            total += table.score(
                count: count, length: document.length, documentFrequency: documentFrequencies[Int(termID)])
        }
        return total
    }

    private var scoreTable: ScoreTable {
        cache.table {
            ScoreTable(
                documents: documents, documentFrequencies: documentFrequencies, totalLength: totalLength,
                parameters: parameters)
        }
    }

    /// The id of `term`, creating it (reusing a free id) if it is new.
    private mutating func termID(for term: String) -> Int32 {
        if let existing = termIDs[term] { return existing }
        let id: Int32
        if let free = freeTermIDs.popLast() {
            id = free
            termNames[Int(id)] = term
        } else {
            id = Int32(termNames.count)
            termNames.append(term)
            documentFrequencies.append(0)
        }
        termIDs[term] = id
        return id
    }
}
