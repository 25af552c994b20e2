import Foundation
import GRDB
import QuarryCore
import Store
import Testing

/// The sealed BM25 segments of an index file: written in one transaction, read back
/// as stored, posting blobs read term by term, a stale seal refused, and a seal that
/// fails before its commit (a kill, a full disk) leaving the previous seal whole.
@Suite("Sealed segments in the store")
struct SealedSegmentStoreTests {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("quarry-seal-\(UUID().uuidString)/x.quarry")

    typealias Segment = (chunkIDs: [Int64], lengths: [Int32], postings: [(term: String, blob: [UInt8])])
    let first: Segment = ([3, 5, 9], [4, 7, 2], [("cat", [1, 2, 3]), ("dog", [9])])
    let second: Segment = ([12, 14], [6, 1], [("cat", [4, 4])])

    @Test func aSealIsReadBackAsWritten() throws {
        let store = try QuarryStore(url: url, create: true)
        #expect(try store.read { try $0.sealedSegments() }.generation == 0)
        #expect(try store.seal(base: 0, generation: 4, deletions: [:], segment: first))
        let (generation, segments) = try store.read { try $0.sealedSegments() }
        #expect(generation == 4)
        #expect(segments.map(\.chunkIDs) == [[3, 5, 9]] && segments[0].lengths == [4, 7, 2] && segments[0].deleted.isEmpty)
        let id = segments[0].id
        #expect(try store.segmentPostings(segment: id, terms: ["dog", "cat", "eel"]) == ["cat": [1, 2, 3], "dog": [9]])

        // A seal planned from an older base (another process sealed since) writes nothing.
        #expect(try store.seal(base: 0, generation: 6, deletions: [:], segment: second) == false)
        #expect(try store.read { try $0.sealedSegments() }.segments.count == 1)

        // The next seal keeps the first segment with its deletions and adds the second;
        // a segment left out of the deletions is dropped, and reading it says so.
        #expect(try store.seal(base: 4, generation: 6, deletions: [id: [1]], segment: second))
        let after = try store.read { try $0.sealedSegments() }
        #expect(after.generation == 6 && after.segments.map(\.deleted) == [[1], []])
        #expect(try store.seal(base: 6, generation: 7, deletions: [after.segments[1].id: []], segment: nil))
        #expect(try store.segmentPostings(segment: id, terms: ["cat"]) == nil)
        #expect(try store.read { try $0.sealedSegments() }.segments.map(\.chunkIDs) == [[12, 14]])
    }

    /// The seal's last statement fails (as a kill before the commit would leave it): no
    /// segment, posting or deletion of it is in the file, and the previous seal reads
    /// back whole at its own generation.
    @Test func aSealThatFailsBeforeItsCommitLeavesThePreviousOne() throws {
        let store = try QuarryStore(url: url, create: true)
        #expect(try store.seal(base: 0, generation: 4, deletions: [:], segment: first))
        let before = try store.read { try $0.sealedSegments() }
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail_seal BEFORE UPDATE ON bm25_state
                BEGIN SELECT RAISE(ABORT, 'killed before the commit'); END
                """)
        }
        #expect(throws: (any Error).self) {
            try store.seal(base: 4, generation: 6, deletions: [before.segments[0].id: [0, 2]], segment: second)
        }
        let after = try store.read { try $0.sealedSegments() }
        #expect(after.generation == 4 && after.segments == before.segments)
        #expect(try store.segmentPostings(segment: before.segments[0].id, terms: ["cat", "dog"]) == ["cat": [1, 2, 3], "dog": [9]])
        let postingRows = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM bm25_postings") }
        #expect(postingRows == 2)
    }
}
