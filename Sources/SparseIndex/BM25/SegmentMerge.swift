/// A merge of some of a ``BM25Index``'s segments, planned by
/// ``BM25Index/mergePlan(policy:)``: it holds the immutable segments and their
/// deletions as of planning, so ``run()`` can take as long as it needs on any thread
/// while the index goes on being read and written.
public struct SegmentMerge: Sendable {
    let sources: [(segment: Segment, deletes: DeleteSet)]

    /// How many live documents the merge writes.
    public var documentCount: Int { sources.reduce(0) { $0 + $1.segment.documentCount - $1.deletes.count } }

    /// The merged segment: the live documents of the sources, deletions dropped.
    public func run() -> MergedSegment {
        MergedSegment(sources: sources, segment: Segment(merging: sources))
    }
}

/// The outcome of a ``SegmentMerge``, for ``BM25Index/install(_:)``.
public struct MergedSegment: Sendable {
    let sources: [(segment: Segment, deletes: DeleteSet)]
    let segment: Segment
}
