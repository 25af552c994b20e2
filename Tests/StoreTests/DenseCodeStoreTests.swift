import Foundation
import GRDB
import QuarryCore
import Store
import Testing

/// The dense index's rows as an open and the maintainer read them: codes in chunk-id
/// order without a copy per code, and the vectors still to encode found from the id
/// indexes (a vector row is 1,536 bytes, so scanning `vectors` read the collection).
@Suite("Dense codes in the store")
struct DenseCodeStoreTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-dense-codes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A source of `count` one-word chunks, each with a 4-float vector.
    func embeddedSource(_ path: String, count: Int) -> NewSource {
        let chunks = (0 ..< count).map { i in
            NewChunk(
                byteStart: i * 2, byteEnd: i * 2 + 1, text: "w", tokenCount: 1, termFrequencies: ["w": 1], termCount: 1,
                vector: [Float(i), 1, 0, 0]
            )
        }
        return NewSource(
            path: path, format: "text", sha256: path, byteCount: count * 2, modified: Date(), settings: "sentence:200",
            documents: [NewDocument(externalID: nil, title: nil, byteCount: count * 2, chunks: chunks)]
        )
    }

    func code(_ id: Int64) -> DenseCode {
        DenseCode(chunkID: id, list: Int32(id % 5), code: Data([UInt8(id % 251), 9, UInt8(id % 7)]))
    }

    /// Guards the open's and the maintainer's reads: pending vectors are exactly those
    /// without a code, whether codes were written in one replace or added later, and
    /// `forEachDenseCode` hands over every code's bytes in chunk-id order.
    @Test func pendingVectorsAreExactlyThoseWithoutCodes() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("p.quarry"), create: true)
        let ids = try store.replace(embeddedSource("/a.txt", count: 6))
        try store.updateDenseIndex { try $0.replace(parameters: Data([1]), trainedCount: 6, codes: ids.prefix(4).map(code)) }
        let (vectors, codes, pending, seen) = try store.read { snapshot in
            var seen: [DenseCode] = []
            try snapshot.forEachDenseCode { seen.append(DenseCode(chunkID: $0, list: $1, code: Data($2))) }
            return (try snapshot.vectorCount(), try snapshot.denseCodeCount(), try snapshot.vectorBlobs(withoutCodes: true), seen)
        }
        #expect(vectors == 6)
        #expect(codes == 4)
        #expect(pending.map(\.chunkID) == Array(ids.suffix(2)))
        #expect(seen == ids.prefix(4).map(code))

        try store.updateDenseIndex { try $0.add(ids.suffix(2).map(code)) }
        let (nonePending, allCodes) = try store.read { (try $0.vectorBlobs(withoutCodes: true), try $0.denseCodes()) }
        #expect(nonePending.isEmpty, "every vector is encoded")
        #expect(allCodes == ids.map(code))

        let later = try store.replace(embeddedSource("/b.txt", count: 2))
        _ = try store.remove(paths: ["/a.txt"])
        let (laterVectors, laterCodes, laterPending) = try store.read {
            (try $0.vectorCount(), try $0.denseCodeCount(), try $0.vectorBlobs(withoutCodes: true))
        }
        #expect(laterVectors == 2)
        #expect(laterCodes == 0, "codes go with their chunks")
        #expect(laterPending.map(\.chunkID) == later)
    }

    /// Guards the general case behind the usual one (the newest chunks not encoded, a
    /// range above the largest encoded id): a vector without a code between encoded
    /// ones is found too, beside newer ones.
    @Test func aVectorNotEncodedAmongEncodedOnesIsFound() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("m.quarry"), create: true)
        let ids = try store.replace(embeddedSource("/a.txt", count: 8))
        let encoded = ids.enumerated().filter { $0.offset != 3 && $0.offset < 6 }.map(\.element)
        try store.updateDenseIndex { try $0.replace(parameters: Data([1]), trainedCount: 8, codes: encoded.map(code)) }
        let pending = try store.read { try $0.vectorBlobs(withoutCodes: true) }
        #expect(pending.map(\.chunkID) == [ids[3], ids[6], ids[7]])
    }

    /// Guards what an open reads instead of the code rows: a seal is refused while a
    /// vector has no code, holds every code under its list once it is written, and goes
    /// when the dense index is replaced.
    @Test func theSealHoldsEveryCodeByList() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("s.quarry"), create: true)
        let ids = try store.replace(embeddedSource("/a.txt", count: 12))
        let refused = try store.updateDenseIndex { transaction -> DenseSeal? in
            try transaction.replace(parameters: Data([1]), trainedCount: 12, codes: ids.dropLast().map(code))
            return try transaction.seal()
        }
        #expect(refused == nil, "a seal with a vector not encoded would miss its code later")
        let seal = try #require(try store.updateDenseIndex { transaction -> DenseSeal? in
            try transaction.add([code(ids.last!)])
            return try transaction.seal()
        })
        #expect(seal.entries == 12)
        let (stored, generation) = try store.read { snapshot -> ([DenseCode], IndexGeneration) in
            var lists: [DenseCode] = []
            try snapshot.forEachSealedDenseList { list, listIDs, codes in
                for (row, id) in listIDs.enumerated() {
                    lists.append(DenseCode(chunkID: id, list: list, code: Data(codes[row * 3 ..< (row + 1) * 3])))
                }
            }
            return (lists, try snapshot.generation())
        }
        #expect(Set(stored.map(\.chunkID)) == Set(ids))
        #expect(stored.sorted { $0.chunkID < $1.chunkID } == ids.map(code))
        #expect(seal.isUsable(at: generation))
        try store.updateDenseIndex { try $0.replace(parameters: Data([2]), trainedCount: 12, codes: ids.map(code)) }
        let afterRetrain = try store.read { try $0.denseSeal() }
        #expect(afterRetrain == nil, "a retrain drops the seal")
    }

    /// Guards files written before the id indexes: opening one for writing adds them,
    /// and counts and pending vectors are right on it.
    @Test func aFileFromBeforeTheIdIndexesGainsThem() throws {
        let url = directory.appendingPathComponent("old.quarry")
        let ids: [Int64]
        do {
            let store = try QuarryStore(url: url, create: true)
            ids = try store.replace(embeddedSource("/a.txt", count: 3))
            try store.updateDenseIndex { try $0.replace(parameters: Data([1]), trainedCount: 3, codes: [code(ids[0])]) }
        }
        do {
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in
                try db.execute(sql: "DROP INDEX vectors_chunk_ids")
                try db.execute(sql: "DROP INDEX dense_codes_chunk_ids")
                try db.execute(sql: "DROP TABLE dense_seal")
                try db.execute(sql: "DROP TABLE dense_lists")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%'")
            }
        }
        let reopened = try QuarryStore(url: url, create: false)
        let (count, pending) = try reopened.read { (try $0.vectorCount(), try $0.vectorBlobs(withoutCodes: true)) }
        #expect(count == 3)
        #expect(pending.map(\.chunkID) == Array(ids.dropFirst()))
    }
}
