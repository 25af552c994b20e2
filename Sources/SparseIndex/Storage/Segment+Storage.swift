extension Segment {
    /// A stored segment: its documents in memory, its postings in `storage`, the lists
    /// it decodes kept in `cache`.
    convenience init(stored: StoredSegment, storage: any SegmentStorage, cache: PostingCache) {
        self.init(
            documentIDs: stored.documentIDs, lengths: stored.lengths,
            totalLength: stored.lengths.reduce(0) { $0 + Int($1) }, rows: [:], terms: [], offsets: [0], ordinals: [],
            counts: [], maxCounts: [], minLengths: [], storage: storage, cache: cache, storedID: stored.id
        )
    }

    /// This segment with the postings of `terms` (distinct) in memory: itself when it is
    /// resident, else a view of the stored segment holding just those terms, from its
    /// cache or read from its storage. Searching the view scores exactly as searching
    /// the whole segment.
    func resolved(for terms: [String]) throws -> Segment {
        guard let storage else { return self }
        var lists = cache?.postings(segment: storedID, terms: terms) ?? terms.map { _ in nil }
        let missing = terms.indices.filter { lists[$0] == nil }
        if !missing.isEmpty {
            let blobs = try storage.postings(segment: storedID, terms: missing.map { terms[$0] })
            for index in missing {
                let postings = try blobs[terms[index]].map { try PostingBlob.decode($0, documentCount: documentCount) }
                    ?? PostingBlob.Postings(ordinals: [], counts: [], maxCount: 0, minLength: 0)
                cache?.insert(postings, segment: storedID, term: terms[index])
                lists[index] = postings
            }
        }
        var rows: [String: Int32] = [:], names: [String] = [], offsets = [0]
        var ordinals: [Int32] = [], counts: [Int32] = [], maxCounts: [Int32] = [], minLengths: [Int32] = []
        let total = lists.reduce(0) { $0 + ($1?.ordinals.count ?? 0) }
        ordinals.reserveCapacity(total)
        counts.reserveCapacity(total)
        for (term, list) in zip(terms, lists) {
            guard let postings = list, !postings.ordinals.isEmpty else { continue }
            rows[term] = Int32(names.count)
            names.append(term)
            ordinals += postings.ordinals
            counts += postings.counts
            offsets.append(ordinals.count)
            maxCounts.append(postings.maxCount)
            minLengths.append(postings.minLength)
        }
        return Segment(
            documentIDs: documentIDs, lengths: lengths, totalLength: totalLength, rows: rows, terms: names,
            offsets: offsets, ordinals: ordinals, counts: counts, maxCounts: maxCounts, minLengths: minLengths,
            storage: storage, cache: cache, storedID: storedID
        )
    }

    /// This resident segment as a seal stores it: one posting blob per term with postings.
    func sealed() -> SealedSegment {
        var postings: [(term: String, blob: [UInt8])] = []
        postings.reserveCapacity(terms.count)
        for (row, term) in terms.enumerated() where offsets[row] < offsets[row + 1] {
            let range = offsets[row]..<offsets[row + 1]
            postings.append((term, PostingBlob.encode(
                ordinals: ordinals[range], counts: counts[range], maxCount: maxCounts[row], minLength: minLengths[row]
            )))
        }
        return SealedSegment(documentIDs: documentIDs, lengths: lengths, postings: postings)
    }
}
