/// Where a ``BM25Index``'s sealed segments live (the SQLite index file today; the
/// PostgreSQL store of issue 22 can keep the same blobs): a segment's postings are
/// read term by term when a query needs them, never loaded whole.
///
/// A stored segment never changes once written, and its id is never given to another
/// (``PostingCache`` relies on both); a reader holding its id may read its postings
/// until it is deleted by a newer seal.
public protocol SegmentStorage: Sendable {
    /// The ``PostingBlob`` of each of `terms` that segment `segment` has (terms it
    /// lacks are left out).
    func postings(segment: Int64, terms: [String]) throws -> [String: [UInt8]]
}

/// A segment as a seal writes it: its documents (ids ascending, lengths beside them)
/// and one ``PostingBlob`` per term.
public struct SealedSegment: Sendable {
    public var documentIDs: [Int64]
    public var lengths: [Int32]
    public var postings: [(term: String, blob: [UInt8])]
}

/// A stored segment as an index opens it: its documents and deletions, without postings.
public struct StoredSegment: Sendable {
    /// The id its ``SegmentStorage`` knows it by.
    public var id: Int64
    public var documentIDs: [Int64]
    public var lengths: [Int32]
    /// The ordinals of its deleted documents.
    public var deleted: [Int32]

    public init(id: Int64, documentIDs: [Int64], lengths: [Int32], deleted: [Int32]) {
        self.id = id
        self.documentIDs = documentIDs
        self.lengths = lengths
        self.deleted = deleted
    }
}

/// What a seal writes: the index's in-memory segments as one new stored segment (nil
/// when they hold no live document), and the current deletions of each stored segment.
public struct SealPlan: Sendable {
    public var segment: SealedSegment?
    /// Stored segment id → its deleted ordinals.
    public var deletions: [Int64: [Int32]]
}

/// A stored segment a reader still holds was dropped by a newer seal (all its
/// documents deleted, or the index re-sealed whole): the reader reopens the stored
/// segments and asks again.
public struct StoredSegmentGone: Error, Sendable {
    public let segment: Int64

    public init(segment: Int64) {
        self.segment = segment
    }
}
