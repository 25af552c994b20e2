import Foundation
import GRDB
import QuarryCore
import Store
import Testing

/// Stored per-token surprisal: the byte coding, its rounding bound, and its life in the store.
@Suite("Surprisal storage")
struct SurprisalStoreTests {
    @Test func codingRoundTripsStartsExactlyAndNatsWithinHalfAStep() throws {
        let starts = [0, 3, 4, 130, 131, 20_000]
        let nats: [Float] = [0, 0.04, 1.26, 7.77, 25.49, 12.3456]
        let coded = SurprisalCoding.encode(TokenSurprisal(tokenStarts: starts, nats: nats))
        // One byte per token for nats; one per gap under 128, two for gaps under 16384, three above.
        #expect(coded.nats.count == 6)
        #expect(coded.starts.count == 1 + 1 + 1 + 1 + 1 + 3)
        let decoded = try #require(SurprisalCoding.decode(starts: coded.starts, nats: coded.nats))
        #expect(decoded.tokenStarts == starts)
        for (original, restored) in zip(nats, decoded.nats) {
            #expect(abs(original - restored) <= SurprisalCoding.step / 2 + 1e-6)
        }
    }

    @Test func valuesOutsideTheRangeAreClampedNotWrapped() throws {
        let coded = SurprisalCoding.encode(TokenSurprisal(tokenStarts: [0, 1, 2], nats: [-1, 40, .infinity]))
        let decoded = try #require(SurprisalCoding.decode(starts: coded.starts, nats: coded.nats))
        #expect(decoded.nats == [0, 25.5, 25.5])
    }

    @Test func damagedBlobsReadAsAbsent() {
        #expect(SurprisalCoding.decode(starts: Data([0x80]), nats: Data([1])) == nil)
        #expect(SurprisalCoding.decode(starts: Data([1, 2]), nats: Data([1])) == nil)
    }

    @Test func surprisalIsStoredWithItsChunkAndDeletedWithIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-surprisal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try QuarryStore(url: directory.appendingPathComponent("s.quarry"), create: true)
        let surprisal = TokenSurprisal(tokenStarts: [0, 5, 11], nats: [2.5, 0.1, 9.9])
        let chunks = [
            NewChunk(byteStart: 0, byteEnd: 16, text: "Hello, surprised", tokenCount: 3, termFrequencies: ["hello": 1],
                     termCount: 1, surprisal: surprisal),
            NewChunk(byteStart: 17, byteEnd: 22, text: "plain", tokenCount: 1, termFrequencies: ["plain": 1], termCount: 1),
        ]
        let ids = try store.replace(NewSource(
            path: "/a.txt", format: "text", sha256: "x", byteCount: 22, modified: Date(), settings: "perplexity:200",
            documents: [NewDocument(externalID: nil, title: nil, byteCount: 22, chunks: chunks)]
        ))
        let stored = try store.read { try $0.surprisal(ids: ids) }
        #expect(stored.count == 1)
        #expect(stored[ids[0]]?.tokenStarts == [0, 5, 11])
        #expect(stored[ids[0]]?.nats == [2.5, 0.1, 9.9].map { Float(($0 / 0.1).rounded()) * SurprisalCoding.step })
        #expect(try store.read { try $0.surprisalSize() } == (tokens: 3, bytes: 6))
        try store.remove(paths: ["/a.txt"])
        #expect(try store.read { try $0.surprisal(ids: ids) }.isEmpty)
    }

    /// A many-document file is written in batches (resumable ingest); a batch keeps its
    /// chunks' surprisal as a whole-file replace does.
    @Test func batchesAppendedToASourceKeepTheirSurprisal() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-surprisal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try QuarryStore(url: directory.appendingPathComponent("s.quarry"), create: true)
        try store.replace(NewSource(
            path: "/corpus.jsonl", format: "jsonl", sha256: QuarryStore.partialMarker(for: "x"), byteCount: 10,
            modified: Date(), settings: "perplexity:200", documents: []
        ))
        let surprisal = TokenSurprisal(tokenStarts: [0, 4], nats: [1.5, 3.0])
        let chunk = NewChunk(byteStart: 0, byteEnd: 9, text: "Some text", tokenCount: 2, termFrequencies: ["text": 1],
                             termCount: 1, surprisal: surprisal)
        let ids = try store.append(
            [NewDocument(externalID: "d1", title: nil, byteCount: 9, chunks: [chunk])], toSource: "/corpus.jsonl", complete: "x"
        )
        let stored = try store.read { try $0.surprisal(ids: ids) }
        #expect(stored[ids[0]]?.tokenStarts == [0, 4])
        #expect(stored[ids[0]]?.nats == [1.5, 3.0])
    }
}
