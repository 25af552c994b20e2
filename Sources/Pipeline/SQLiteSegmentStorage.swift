import SparseIndex
import Store

/// The BM25 segments sealed in an index file, read term by term through SQLite's page
/// cache, and the lists decoded from them (one cache for an open index's lifetime).
struct SQLiteSegmentStorage: SegmentStorage {
    let store: QuarryStore
    let cache: PostingCache

    func postings(segment: Int64, terms: [String]) throws -> [String: [UInt8]] {
        guard let found = try store.segmentPostings(segment: segment, terms: terms) else {
            throw StoredSegmentGone(segment: segment)
        }
        return found
    }
}
