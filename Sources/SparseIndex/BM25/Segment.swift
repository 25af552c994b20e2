/// An immutable piece of a ``BM25Index``: some documents and their postings, written
/// once (by a write or a merge) and never changed. Deletions are kept beside it, in the
/// index's ``DeleteSet`` for it, until a merge drops them.
///
/// Documents are numbered by ordinal in ascending id order. The postings are in
/// compressed sparse row form: term row `r` owns `offsets[r]..<offsets[r + 1]` of
/// `ordinals` (ascending) and `counts`. Each row also keeps the largest count and the
/// smallest document length among its postings, from which a query bounds the
/// term's score in this segment (dynamic pruning).
final class Segment: Sendable {
    /// Document ids, ascending; a document's index here is its ordinal.
    let documentIDs: [Int64]
    /// Document lengths in terms, by ordinal.
    let lengths: [Int32]
    /// The sum of the documents' lengths.
    let totalLength: Int
    /// Term → row.
    let rows: [String: Int32]
    /// Row → term.
    let terms: [String]
    let offsets: [Int]
    let ordinals: [Int32]
    let counts: [Int32]
    /// The largest count in each row.
    let maxCounts: [Int32]
    /// The length of the shortest document in each row.
    let minLengths: [Int32]
    /// Where the postings are when this is a stored segment (its `rows`, `terms` and
    /// posting arrays are then empty: ``resolved(for:)`` reads the ones a query needs).
    let storage: (any SegmentStorage)?
    /// Where a stored segment keeps the lists it decoded (shared by the segments of one store).
    let cache: PostingCache?
    /// The id of this segment in `storage`.
    let storedID: Int64

    var documentCount: Int { documentIDs.count }

    /// A segment of `documents`, whose ids must be distinct.
    convenience init(_ documents: [BM25Document]) {
        let sorted = documents.sorted { $0.id < $1.id }
        var rows: [String: Int32] = [:]
        var terms: [String] = []
        var postingRows: [Int32] = [], postingCounts: [Int32] = [], starts: [Int] = [0]
        var totalLength = 0
        starts.reserveCapacity(sorted.count + 1)
        for document in sorted {
            totalLength += document.length
            for (term, count) in document.frequencies where count > 0 {
                let row: Int32
                if let existing = rows[term] {
                    row = existing
                } else {
                    row = Int32(terms.count)
                    rows[term] = row
                    terms.append(term)
                }
                postingRows.append(row)
                postingCounts.append(Int32(clamping: count))
            }
            starts.append(postingRows.count)
        }
        self.init(
            documentIDs: sorted.map(\.id), lengths: sorted.map { Int32(clamping: $0.length) }, totalLength: totalLength,
            rows: rows, terms: terms, postingRows: postingRows, postingCounts: postingCounts, documentStarts: starts
        )
    }

    /// A segment of well-formed `columns` (``SegmentColumns/isWellFormed``).
    convenience init(_ columns: SegmentColumns) {
        var rows: [String: Int32] = [:]
        rows.reserveCapacity(columns.terms.count)
        for (row, term) in columns.terms.enumerated() { rows[term] = Int32(row) }
        self.init(
            documentIDs: columns.ids, lengths: columns.lengths.map { Int32(clamping: $0) },
            totalLength: columns.lengths.reduce(0, +), rows: rows, terms: columns.terms, postingRows: columns.termRows,
            postingCounts: columns.counts, documentStarts: columns.documentStarts
        )
    }

    /// A segment from postings listed document by document: document `d`'s postings are
    /// `documentStarts[d]..<documentStarts[d + 1]` of `postingRows` and `postingCounts`.
    private convenience init(
        documentIDs: [Int64], lengths: [Int32], totalLength: Int, rows: [String: Int32], terms: [String],
        postingRows: [Int32], postingCounts: [Int32], documentStarts: [Int]
    ) {
        var offsets = [Int](repeating: 0, count: terms.count + 1)
        for row in postingRows { offsets[Int(row) + 1] += 1 }
        for row in 0..<terms.count { offsets[row + 1] += offsets[row] }
        var next = Array(offsets.dropLast())
        var ordinals = [Int32](repeating: 0, count: postingRows.count)
        var counts = [Int32](repeating: 0, count: postingRows.count)
        var maxCounts = [Int32](repeating: 0, count: terms.count)
        var minLengths = [Int32](repeating: .max, count: terms.count)
        for ordinal in 0..<documentIDs.count {
            let length = lengths[ordinal]
            for posting in documentStarts[ordinal]..<documentStarts[ordinal + 1] {
                let row = Int(postingRows[posting]), count = postingCounts[posting]
                ordinals[next[row]] = Int32(ordinal)
                counts[next[row]] = count
                next[row] += 1
                maxCounts[row] = max(maxCounts[row], count)
                minLengths[row] = min(minLengths[row], length)
            }
        }
        self.init(
            documentIDs: documentIDs, lengths: lengths, totalLength: totalLength, rows: rows, terms: terms,
            offsets: offsets, ordinals: ordinals, counts: counts, maxCounts: maxCounts, minLengths: minLengths
        )
    }

    /// A segment of these parts (``Segment``'s properties), resident unless `storage` is given.
    init(
        documentIDs: [Int64], lengths: [Int32], totalLength: Int, rows: [String: Int32], terms: [String],
        offsets: [Int], ordinals: [Int32], counts: [Int32], maxCounts: [Int32], minLengths: [Int32],
        storage: (any SegmentStorage)? = nil, cache: PostingCache? = nil, storedID: Int64 = 0
    ) {
        self.documentIDs = documentIDs
        self.lengths = lengths
        self.totalLength = totalLength
        self.rows = rows
        self.terms = terms
        self.offsets = offsets
        self.ordinals = ordinals
        self.counts = counts
        self.maxCounts = maxCounts
        self.minLengths = minLengths
        self.storage = storage
        self.cache = cache
        self.storedID = storedID
    }

    /// One segment of the live documents of `sources` (a merge): deleted documents and
    /// terms only they had are gone. The sources' ids must be distinct.
    convenience init(merging sources: [(segment: Segment, deletes: DeleteSet)]) {
        // Live documents in ascending id order, and each one's new ordinal.
        var order: [(id: Int64, source: Int, ordinal: Int32)] = []
        for (index, source) in sources.enumerated() {
            for ordinal in 0..<source.segment.documentCount where !source.deletes.contains(Int32(ordinal)) {
                order.append((source.segment.documentIDs[ordinal], index, Int32(ordinal)))
            }
        }
        order.sort { $0.id < $1.id }
        var newOrdinals = sources.map { [Int32](repeating: -1, count: $0.segment.documentCount) }
        for (position, entry) in order.enumerated() { newOrdinals[entry.source][Int(entry.ordinal)] = Int32(position) }
        // Each document's postings, gathered term by term from the sources' rows.
        var perDocument = [Int](repeating: 0, count: order.count + 1)
        for (index, source) in sources.enumerated() {
            for ordinal in source.segment.ordinals where newOrdinals[index][Int(ordinal)] >= 0 {
                perDocument[Int(newOrdinals[index][Int(ordinal)]) + 1] += 1
            }
        }
        for position in 0..<order.count { perDocument[position + 1] += perDocument[position] }
        var next = Array(perDocument.dropLast())
        var rows: [String: Int32] = [:], terms: [String] = []
        var postingRows = [Int32](repeating: 0, count: perDocument.last ?? 0)
        var postingCounts = [Int32](repeating: 0, count: perDocument.last ?? 0)
        for (index, source) in sources.enumerated() {
            let segment = source.segment
            for (sourceRow, term) in segment.terms.enumerated() {
                var row: Int32? = rows[term]
                for posting in segment.offsets[sourceRow]..<segment.offsets[sourceRow + 1] {
                    let target = newOrdinals[index][Int(segment.ordinals[posting])]
                    guard target >= 0 else { continue }
                    if row == nil {
                        row = Int32(terms.count)
                        rows[term] = row
                        terms.append(term)
                    }
                    postingRows[next[Int(target)]] = row!
                    postingCounts[next[Int(target)]] = segment.counts[posting]
                    next[Int(target)] += 1
                }
            }
        }
        let lengths = order.map { sources[$0.source].segment.lengths[Int($0.ordinal)] }
        self.init(
            documentIDs: order.map(\.id), lengths: lengths,
            totalLength: sources.reduce(0) { $0 + $1.segment.totalLength - $1.deletes.deletedLength },
            rows: rows, terms: terms, postingRows: postingRows, postingCounts: postingCounts,
            documentStarts: perDocument
        )
    }

    /// The ordinal of the document with `id`, if this segment has it.
    func ordinal(of id: Int64) -> Int32? {
        var low = 0, high = documentIDs.count
        while low < high {
            let middle = (low + high) / 2
            if documentIDs[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < documentIDs.count && documentIDs[low] == id ? Int32(low) : nil
    }

    /// The position of the first posting at or after `start` in `row`'s range (ending
    /// at `end`) whose ordinal is at least `target` (`end` when none is): galloping
    /// from `start`, as a cursor moves a short way more often than a long one, then a
    /// binary search in the last step.
    @inline(__always)
    func seek(_ target: Int32, from start: Int, to end: Int) -> Int {
        guard start < end, ordinals[start] < target else { return start }
        // ordinals[low] < target throughout; the answer is in low + 1 ... high.
        var low = start, step = 1
        while low + step < end, ordinals[low + step] < target {
            low += step
            step *= 2
        }
        var high = min(low + step, end)
        low += 1
        while low < high {
            let middle = (low + high) / 2
            if ordinals[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// How many live documents (not in `deletes`) have the term of `row`.
    func liveDocumentFrequency(row: Int, deletes: DeleteSet) -> Int {
        let start = offsets[row], end = offsets[row + 1]
        guard deletes.count > 0 else { return end - start }
        var deleted = 0
        if deletes.count * 16 < end - start {
            for ordinal in deletes.ordinals {
                let position = seek(ordinal, from: start, to: end)
                if position < end, ordinals[position] == ordinal { deleted += 1 }
            }
        } else {
            for posting in start..<end where deletes.contains(ordinals[posting]) { deleted += 1 }
        }
        return end - start - deleted
    }
}
