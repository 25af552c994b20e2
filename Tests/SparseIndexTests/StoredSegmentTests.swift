import Foundation
import QuarryCore
import SparseIndex
import Testing

/// Sealed segments: the posting blob format round-trips and refuses damaged bytes, and
/// an index reopened from sealed segments (postings read per query through its
/// ``SegmentStorage``) ranks and scores exactly as the index held in memory, through
/// further writes, deletions and a second seal.
@Suite struct StoredSegmentTests {
    /// Segments kept as the blobs a seal writes, read back term by term: the storage
    /// contract without a database (the SQLite one is tested in PipelineTests).
    final class BlobStorage: SegmentStorage, @unchecked Sendable {
        // @unchecked: written only between the test's steps, read during searches.
        var segments: [Int64: (documentIDs: [Int64], lengths: [Int32], deleted: [Int32], postings: [String: [UInt8]])] = [:]
        var reads = 0
        /// The next segment id: never reused, as the storage contract requires.
        private var nextID: Int64 = 1
        /// One cache across reopenings, as a live index keeps one across reloads.
        var cache = PostingCache()

        func postings(segment: Int64, terms: [String]) throws -> [String: [UInt8]] {
            guard let stored = segments[segment] else { throw StoredSegmentGone(segment: segment) }
            reads += 1
            return stored.postings.filter { terms.contains($0.key) }
        }

        /// Writes `plan` as a seal does: drops segments it leaves out, sets deletions, adds its segment.
        func write(_ plan: SealPlan) {
            for id in segments.keys where plan.deletions[id] == nil { segments[id] = nil }
            for (id, deleted) in plan.deletions { segments[id]?.deleted = deleted }
            if let segment = plan.segment {
                let id = nextID
                nextID += 1
                segments[id] = (segment.documentIDs, segment.lengths, [], Dictionary(uniqueKeysWithValues: segment.postings))
            }
        }

        func reopened(parameters: BM25Parameters = .init()) throws -> BM25Index {
            var index = BM25Index(parameters: parameters)
            try index.addStored(
                segments.keys.sorted().map {
                    StoredSegment(id: $0, documentIDs: segments[$0]!.documentIDs, lengths: segments[$0]!.lengths, deleted: segments[$0]!.deleted)
                },
                storage: self, cache: cache
            )
            return index
        }
    }

    @Test func postingBlobsRoundTrip() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            let documents = Int.random(in: 1...5_000, using: &generator)
            let ordinals = (0..<documents).filter { _ in Bool.random(using: &generator) }.map(Int32.init)
            let counts = ordinals.map { _ in Int32.random(in: 1...300, using: &generator) }
            let blob = PostingBlob.encode(
                ordinals: ordinals[...], counts: counts[...], maxCount: counts.max() ?? 0, minLength: 3
            )
            let decoded = try PostingBlob.decode(blob, documentCount: documents)
            #expect(decoded.ordinals == ordinals && decoded.counts == counts)
            #expect(decoded.maxCount == (counts.max() ?? 0) && decoded.minLength == 3)
        }
    }

    /// A blob from a damaged file is refused with a thrown error, never read past its end
    /// or trusted for ordinals outside its segment.
    @Test func damagedPostingBlobsAreRefused() throws {
        let blob = PostingBlob.encode(ordinals: [2, 5, 9], counts: [1, 4, 2], maxCount: 4, minLength: 7)
        #expect(try PostingBlob.decode(blob, documentCount: 10).ordinals == [2, 5, 9])
        #expect(throws: QuarryError.self) { try PostingBlob.decode(Array(blob.dropLast()), documentCount: 10) }
        #expect(throws: QuarryError.self) { try PostingBlob.decode(blob + [1], documentCount: 10) }
        // Ordinal 9 is outside a segment of 9 documents.
        #expect(throws: QuarryError.self) { try PostingBlob.decode(blob, documentCount: 9) }
        // A count above the blob's own maximum.
        #expect(throws: QuarryError.self) { try PostingBlob.decode([1, 1, 1, 0, 2], documentCount: 4) }
        // A repeated ordinal (a zero gap after the first).
        #expect(throws: QuarryError.self) { try PostingBlob.decode([2, 1, 1, 3, 0, 1, 1], documentCount: 4) }
        #expect(throws: QuarryError.self) { try PostingBlob.decode([0xFF, 0xFF, 0xFF], documentCount: 4) }
    }

    @Test func aReopenedIndexRanksExactlyAsTheOneInMemory() throws {
        var generator = SeededGenerator(seed: 2024)
        var memory = BM25Index(), reference = SegmentedIndexTests.Exhaustive()
        var nextID: Int64 = 1
        func write(_ count: Int, into indexes: inout [BM25Index]) {
            let documents = (0..<count).map { _ -> BM25Document in
                defer { nextID += 1 }
                return SegmentedIndexTests.randomDocument(id: nextID, using: &generator)
            }
            for index in indexes.indices { indexes[index].add(documents) }
            for document in documents { reference.documents[document.id] = document }
        }
        func delete(_ count: Int, from indexes: inout [BM25Index]) {
            let ids = (0..<count).map { _ in Int64.random(in: 1..<nextID, using: &generator) }
            for index in indexes.indices { indexes[index].remove(ids: ids) }
            for id in ids { reference.documents[id] = nil }
        }
        func check(_ stored: BM25Index, _ memory: BM25Index) throws {
            for _ in 0..<60 {
                let query = SegmentedIndexTests.randomQuery(using: &generator)
                let view = try stored.resolved(for: query)
                for k in [1, 10, 1_000] {
                    let expected = reference.search(query, k: k)
                    #expect(view.search(query, k: k) == expected)
                    #expect(memory.search(query, k: k) == expected)
                }
                if let id = reference.search(query, k: 1).first?.id {
                    #expect(view.score(query, id: id) == memory.score(query, id: id))
                }
            }
        }

        var pair = [memory]
        for _ in 0..<5 { write(120, into: &pair) }
        delete(40, from: &pair)
        memory = pair[0]
        let storage = BlobStorage()
        storage.write(memory.sealPlan())
        #expect(storage.segments.count == 1)
        var both = [memory, try storage.reopened()]
        #expect(both[1].residentDocumentCount == 0 && both[1].documentCount == memory.documentCount)
        try check(both[1], both[0])

        // Writes and deletions after the seal: in-memory segments beside the stored one.
        for _ in 0..<3 { write(50, into: &both) }
        delete(60, from: &both)
        try check(both[1], both[0])

        // A second seal keeps the first segment with its deletions and adds one.
        storage.write(both[1].sealPlan())
        #expect(storage.segments.count == 2)
        let twice = try storage.reopened()
        #expect(twice.residentDocumentCount == 0 && twice.documentCount == both[0].documentCount)
        try check(twice, both[0])
    }

    /// A query reads only its own terms' postings: one storage read per stored segment.
    @Test func aQueryReadsOnlyItsTermsFromEachStoredSegment() throws {
        var index = BM25Index()
        index.add([
            BM25Document(id: 1, length: 3, frequencies: ["cat": 2, "dog": 1]),
            BM25Document(id: 2, length: 2, frequencies: ["dog": 1, "fish": 1]),
        ])
        let storage = BlobStorage()
        storage.write(index.sealPlan())
        let stored = try storage.reopened()
        let view = try stored.resolved(for: ["dog"])
        #expect(storage.reads == 1)
        #expect(view.search(["dog"], k: 10) == index.search(["dog"], k: 10))
        #expect(try stored.resolved(for: ["cat", "cat"]).search(["cat", "cat"], k: 10) == index.search(["cat", "cat"], k: 10))
    }

    /// A list decoded once is served from the cache (a term the segment lacks too), with
    /// the same ranking; without room in the cache every query reads again; and the
    /// cache never holds more postings than its capacity, dropping the least recently used.
    @Test func decodedListsAreCachedWithinTheirBound() throws {
        var generator = SeededGenerator(seed: 31)
        var index = BM25Index()
        index.add((1...400).map { SegmentedIndexTests.randomDocument(id: $0, using: &generator) })
        let storage = BlobStorage()
        storage.write(index.sealPlan())
        let stored = try storage.reopened()
        let query = SegmentedIndexTests.randomQuery(using: &generator) + ["absent"]
        let first = try stored.resolved(for: query).search(query, k: 10)
        #expect(storage.reads == 1 && first == index.search(query, k: 10))
        #expect(try stored.resolved(for: query).search(query, k: 10) == first)
        #expect(storage.reads == 1, "a cached list was read again")

        storage.cache = PostingCache(capacity: 0)
        let uncached = try storage.reopened()
        for _ in 0..<2 { #expect(try uncached.resolved(for: query).search(query, k: 10) == first) }
        #expect(storage.reads == 3 && storage.cache.usage.entries == 0)

        storage.cache = PostingCache(capacity: 400)
        let bounded = try storage.reopened()
        for _ in 0..<40 {
            let query = SegmentedIndexTests.randomQuery(using: &generator)
            #expect(try bounded.resolved(for: query).search(query, k: 10) == index.search(query, k: 10))
            #expect(storage.cache.usage.postings <= 400)
        }
        #expect(storage.cache.usage.entries > 0)
    }
}
