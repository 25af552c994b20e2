extension Segment {
    /// A stored segment: its documents in memory, its postings in `storage`.
    convenience init(stored: StoredSegment, storage: any SegmentStorage) {
        self.init(
            documentIDs: stored.documentIDs, lengths: stored.lengths,
            totalLength: stored.lengths.reduce(0) { $0 + Int($1) }, rows: [:], terms: [], offsets: [0], ordinals: [],
            counts: [], maxCounts: [], minLengths: [], storage: storage, storedID: stored.id
        )
    }

    /// This segment with the postings of `terms` (distinct) in memory: itself when it is
    /// resident, else a view of the stored segment holding just those terms, read from
    /// its storage. Searching the view scores exactly as searching the whole segment.
    func resolved(for terms: [String]) throws -> Segment {
        guard let storage else { return self }
        let blobs = try storage.postings(segment: storedID, terms: terms)
        var rows: [String: Int32] = [:], names: [String] = [], offsets = [0]
        var ordinals: [Int32] = [], counts: [Int32] = [], maxCounts: [Int32] = [], minLengths: [Int32] = []
        for term in terms {
            guard let blob = blobs[term] else { continue }
            let postings = try PostingBlob.decode(blob, documentCount: documentCount)
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
            storage: storage, storedID: storedID
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
