import QuarryCore

/// A BM25 inverted index made of immutable segments (Lucene IDF, exact document
/// lengths, avgdl = total terms / documents).
///
/// A write adds one small segment, at a cost proportional to the write; a removal
/// marks the document in its segment's delete set. N, document frequencies and avgdl
/// are combined over the live documents of all segments at query time, so scores are
/// exactly those of one index built from the live documents, whatever the segments.
/// Segments are merged by ``mergePlan(policy:)`` and ``install(_:)``, which split
/// the work so a holder can merge away from its readers: planning and installing are
/// cheap, and the merge itself (``SegmentMerge/run()``) reads only the immutable
/// segments it was planned on.
///
/// It is a value: a copy is cheap (segments are shared, never changed) and
/// independent; searching is thread-safe.
public struct BM25Index: Sendable {
    /// The BM25 parameters every score uses.
    public let parameters: BM25Parameters

    var segments: [Segment] = []
    /// The deletions of `segments[i]`.
    var deletes: [DeleteSet] = []

    /// An empty index.
    public init(parameters: BM25Parameters = .init()) {
        self.parameters = parameters
    }

    /// The number of documents in the index.
    public var documentCount: Int {
        zip(segments, deletes).reduce(0) { $0 + $1.0.documentCount - $1.1.count }
    }

    /// The number of distinct terms in the index's in-memory segments (a full pass over
    /// every segment's terms, stored segments left out: for tests and reports, not for queries).
    public var termCount: Int {
        var live: Set<String> = []
        for (segment, deletes) in zip(segments, deletes) {
            for (row, term) in segment.terms.enumerated()
            where segment.liveDocumentFrequency(row: row, deletes: deletes) > 0 {
                live.insert(term)
            }
        }
        return live.count
    }

    /// The number of segments.
    public var segmentCount: Int { segments.count }

    /// Whether a document with `id` is in the index.
    public func contains(id: Int64) -> Bool { locate(id) != nil }

    /// Adds a document from its term counts and length in terms, replacing any document
    /// with the same id: a segment of one document (add many at once with ``add(_:)``).
    public mutating func add(id: Int64, frequencies: [String: Int], length: Int) {
        add([BM25Document(id: id, length: length, frequencies: frequencies)])
    }

    /// Adds `documents` as one new segment, replacing any document with the same id
    /// (within `documents`, the last of an id wins).
    public mutating func add(_ documents: [BM25Document]) {
        var latest: [Int64: Int] = [:]
        for (index, document) in documents.enumerated() { latest[document.id] = index }
        let unique = latest.count == documents.count
            ? documents : documents.indices.filter { latest[documents[$0].id] == $0 }.map { documents[$0] }
        remove(ids: unique.map(\.id))
        guard !unique.isEmpty else { return }
        segments.append(Segment(unique))
        deletes.append(DeleteSet())
    }

    /// Adds the documents of `columns` as one new segment, replacing any document with
    /// the same id: the bulk load of a whole index, without a dictionary per document.
    /// - Precondition: `columns.isWellFormed`.
    public mutating func add(_ columns: SegmentColumns) {
        precondition(columns.isWellFormed, "BM25Index.add: malformed segment columns")
        remove(ids: columns.ids)
        guard !columns.ids.isEmpty else { return }
        segments.append(Segment(columns))
        deletes.append(DeleteSet())
    }

    /// Removes the document with `id`, if any.
    public mutating func remove(id: Int64) {
        remove(ids: [id])
    }

    /// Removes the documents with `ids` that are in the index; a segment left with no
    /// live document is dropped.
    public mutating func remove(ids: [Int64]) {
        guard !segments.isEmpty else { return }
        for id in ids {
            guard let (index, ordinal) = locate(id) else { continue }
            deletes[index].insert(ordinal, length: segments[index].lengths[Int(ordinal)])
        }
        for index in segments.indices.reversed() where deletes[index].count == segments[index].documentCount {
            segments.remove(at: index)
            deletes.remove(at: index)
        }
    }

    /// The `k` best documents for `queryTerms` (analysed like the documents), best
    /// first, equal scores by ascending id. Only documents containing a query term
    /// are returned; a term repeated in the query counts once per occurrence.
    public func search(_ queryTerms: [String], k: Int) -> [ScoredID] {
        guard k > 0, let query = prepare(queryTerms) else { return [] }
        var heap = TopKHeap(capacity: min(k, query.scorer.documentCount))
        // The largest segments first: their best documents raise the threshold early.
        for index in segments.indices.sorted(by: { segments[$0].documentCount > segments[$1].documentCount }) {
            segments[index].search(query, deletes: deletes[index], into: &heap)
        }
        return heap.sorted()
    }

    /// The score of document `id` for `queryTerms`, exactly as ``search(_:k:)``
    /// computes it; 0 when the document isn't in the index or shares no term.
    public func score(_ queryTerms: [String], id: Int64) -> Float {
        guard let (index, ordinal) = locate(id), let query = prepare(queryTerms) else { return 0 }
        return segments[index].score(query, ordinal: ordinal)
    }

    /// The next merge `policy` asks for among the in-memory segments, if any (stored
    /// segments are rewritten by a seal, not merged here).
    public func mergePlan(policy: MergePolicy = .init()) -> SegmentMerge? {
        let resident = segments.indices.filter { segments[$0].storage == nil }
        let chosen = policy.choose(
            sizes: resident.map { (documents: segments[$0].documentCount, deleted: deletes[$0].count) }
        )
        guard !chosen.isEmpty else { return nil }
        return SegmentMerge(sources: chosen.map { (segments[resident[$0]], deletes[resident[$0]]) })
    }

    /// Replaces the merged segments with their merge, carrying over deletions made
    /// since the merge was planned. False (and nothing changes) when a merged segment
    /// is no longer in this index (another merge, or its documents all removed).
    @discardableResult
    public mutating func install(_ merged: MergedSegment) -> Bool {
        var indices: [Int] = []
        for source in merged.sources {
            guard let index = segments.firstIndex(where: { $0 === source.segment }) else { return false }
            indices.append(index)
        }
        var carried = DeleteSet()
        for (source, index) in zip(merged.sources, indices) {
            for ordinal in deletes[index].ordinals where !source.deletes.contains(ordinal) {
                if let target = merged.segment.ordinal(of: source.segment.documentIDs[Int(ordinal)]) {
                    carried.insert(target, length: merged.segment.lengths[Int(target)])
                }
            }
        }
        for index in indices.sorted(by: >) {
            segments.remove(at: index)
            deletes.remove(at: index)
        }
        if carried.count < merged.segment.documentCount {
            segments.append(merged.segment)
            deletes.append(carried)
        }
        return true
    }

    /// Runs every merge `policy` asks for, here and now (an index that no one else
    /// reads, such as one being built).
    public mutating func merge(policy: MergePolicy = .init()) {
        while let plan = mergePlan(policy: policy) { install(plan.run()) }
    }

    /// The segment and ordinal of the live document `id`.
    private func locate(_ id: Int64) -> (Int, Int32)? {
        for index in segments.indices.reversed() {
            if let ordinal = segments[index].ordinal(of: id), !deletes[index].contains(ordinal) { return (index, ordinal) }
        }
        return nil
    }

    /// The query's terms with their IDF over the live documents; nil when none is in the index.
    private func prepare(_ queryTerms: [String]) -> ScoredQuery? {
        var termIndex: [String: Int] = [:]
        var texts: [String] = [], multiplicities: [Int] = []
        for term in queryTerms {
            if let index = termIndex[term] {
                multiplicities[index] += 1
            } else {
                termIndex[term] = texts.count
                texts.append(term)
                multiplicities.append(1)
            }
        }
        var frequencies = [Int](repeating: 0, count: texts.count)
        var documents = 0, totalLength = 0
        for (segment, deletes) in zip(segments, deletes) {
            documents += segment.documentCount - deletes.count
            totalLength += segment.totalLength - deletes.deletedLength
            for (index, text) in texts.enumerated() {
                if let row = segment.rows[text] {
                    frequencies[index] += segment.liveDocumentFrequency(row: Int(row), deletes: deletes)
                }
            }
        }
        let scorer = BM25Scorer(parameters: parameters, documentCount: documents, totalLength: totalLength)
        var terms: [ScoredQuery.Term] = [], kept: [Int: Int] = [:]
        for index in texts.indices where frequencies[index] > 0 {
            kept[index] = terms.count
            terms.append(.init(
                text: texts[index], idf: scorer.inverseDocumentFrequency(frequencies[index]),
                multiplicity: multiplicities[index]
            ))
        }
        guard !terms.isEmpty else { return nil }
        let positions = queryTerms.compactMap { termIndex[$0].flatMap { kept[$0] } }
        return ScoredQuery(terms: terms, positions: positions, scorer: scorer)
    }
}
