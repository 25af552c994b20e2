import Synchronization

/// Decoded posting lists of stored segments, the most recently used kept within a
/// bound on their postings (8 bytes each): the common terms of a stream of queries are
/// read from the file and decoded once, not once per query. A stored segment never
/// changes and its id is never reused, so an entry never goes stale; a term a segment
/// lacks is remembered too (as an empty list), so it is not looked up again.
public final class PostingCache: Sendable {
    /// The most postings held; an empty list counts as one.
    public let capacity: Int

    private struct Key: Hashable {
        var segment: Int64
        var term: String
    }

    private struct Entry {
        var postings: PostingBlob.Postings
        var lastUse: UInt64
    }

    private struct Contents {
        var entries: [Key: Entry] = [:]
        var size = 0
        var clock: UInt64 = 0
    }

    private let contents = Mutex(Contents())

    /// A cache of at most `capacity` postings (32 MB by default); 0 keeps nothing.
    public init(capacity: Int = 4_000_000) {
        self.capacity = max(0, capacity)
    }

    /// The postings held now, in entries and in postings.
    public var usage: (entries: Int, postings: Int) {
        contents.withLock { ($0.entries.count, $0.size) }
    }

    /// The cached lists of `terms` in `segment` (nil where a term is not cached).
    func postings(segment: Int64, terms: [String]) -> [PostingBlob.Postings?] {
        contents.withLock { contents in
            contents.clock += 1
            let now = contents.clock
            return terms.map { term in
                let key = Key(segment: segment, term: term)
                guard var entry = contents.entries[key] else { return nil }
                entry.lastUse = now
                contents.entries[key] = entry
                return entry.postings
            }
        }
    }

    /// Remembers `postings` as `term`'s list in `segment`, dropping the least recently
    /// used lists down to three quarters of the capacity when it is exceeded.
    func insert(_ postings: PostingBlob.Postings, segment: Int64, term: String) {
        let cost = Self.cost(postings)
        guard cost <= capacity / 4 else { return }
        contents.withLock { contents in
            contents.clock += 1
            let key = Key(segment: segment, term: term)
            if let old = contents.entries.updateValue(Entry(postings: postings, lastUse: contents.clock), forKey: key) {
                contents.size -= Self.cost(old.postings)
            }
            contents.size += cost
            guard contents.size > capacity else { return }
            for (key, entry) in contents.entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
                guard contents.size > capacity * 3 / 4 else { break }
                contents.entries[key] = nil
                contents.size -= Self.cost(entry.postings)
            }
        }
    }

    private static func cost(_ postings: PostingBlob.Postings) -> Int { max(1, postings.ordinals.count) }
}
