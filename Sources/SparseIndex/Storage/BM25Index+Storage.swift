import QuarryCore

/// Stored segments: a ``BM25Index`` opened from its storage holds each stored
/// segment's document ids and lengths (12 bytes a document) and its deletions, and
/// reads a query's postings from the storage (``resolved(for:)``); the segments
/// written since the last seal stay in memory until the next (``sealPlan()``).
extension BM25Index {
    /// Adds `stored`, segments older than every segment already here (a document in a
    /// later segment replaces its stored copy), whose postings `storage` holds; the
    /// lists a query decodes are kept in `cache`.
    /// - Throws: an internal error naming the file as damaged when a segment's ids are
    ///   not ascending, its lengths are not one per document, or a deletion is out of range.
    public mutating func addStored(_ stored: [StoredSegment], storage: any SegmentStorage, cache: PostingCache) throws {
        var added: [Segment] = [], addedDeletes: [DeleteSet] = []
        for segment in stored {
            guard segment.documentIDs.count == segment.lengths.count,
                  zip(segment.documentIDs, segment.documentIDs.dropFirst()).allSatisfy({ $0 < $1 }),
                  segment.lengths.allSatisfy({ $0 >= 0 }),
                  segment.deleted.allSatisfy({ $0 >= 0 && Int($0) < segment.documentIDs.count })
            else {
                throw QuarryError(
                    .internal, "the index file is damaged (stored BM25 segment \(segment.id) is inconsistent); re-index into a new --index file"
                )
            }
            var deletes = DeleteSet()
            for ordinal in segment.deleted { deletes.insert(ordinal, length: segment.lengths[Int(ordinal)]) }
            guard deletes.count < segment.documentIDs.count else { continue }
            added.append(Segment(stored: segment, storage: storage, cache: cache))
            addedDeletes.append(deletes)
        }
        let newer = segments.flatMap(\.documentIDs)
        segments.insert(contentsOf: added, at: 0)
        deletes.insert(contentsOf: addedDeletes, at: 0)
        // A newer segment's document replaces the stored copy, as ``add(_:)`` would have.
        for id in newer {
            for index in added.indices {
                if let ordinal = segments[index].ordinal(of: id) { deletes[index].insert(ordinal, length: segments[index].lengths[Int(ordinal)]) }
            }
        }
    }

    /// This index with the postings of `queryTerms` read from storage: search the
    /// result with the same terms (``search(_:k:)``, ``score(_:id:)``) for exactly the
    /// scores of an index held wholly in memory. Itself when no segment is stored.
    public func resolved(for queryTerms: [String]) throws -> BM25Index {
        guard segments.contains(where: { $0.storage != nil }) else { return self }
        var seen: Set<String> = []
        let distinct = queryTerms.filter { seen.insert($0).inserted }
        var view = self
        view.segments = try segments.map { try $0.resolved(for: distinct) }
        return view
    }

    /// The number of live documents in in-memory segments (written since the last seal).
    public var residentDocumentCount: Int {
        zip(segments, deletes).reduce(0) { $0 + ($1.0.storage == nil ? $1.0.documentCount - $1.1.count : 0) }
    }

    /// What sealing this index writes: its in-memory segments' live documents as one
    /// stored segment, and every stored segment's deletions (a stored segment left out
    /// has no live document left).
    public func sealPlan() -> SealPlan {
        var resident: [(segment: Segment, deletes: DeleteSet)] = []
        var deletions: [Int64: [Int32]] = [:]
        for (segment, deletes) in zip(segments, deletes) {
            if segment.storage == nil {
                resident.append((segment, deletes))
            } else {
                deletions[segment.storedID] = deletes.ordinals
            }
        }
        let merged = resident.isEmpty ? nil : Segment(merging: resident)
        return SealPlan(segment: merged.flatMap { $0.documentCount > 0 ? $0.sealed() : nil }, deletions: deletions)
    }
}
