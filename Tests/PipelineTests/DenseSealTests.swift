import Embedding
import Foundation
import GRDB
import Pipeline
import Store
import Testing

/// The sealed dense lists an open reads instead of a million code rows (`dense_lists`,
/// written by the maintainer): an open from the seal, with the writes and removals
/// since replayed from the change log, must hold exactly the index the rows hold.
@Suite("Sealed dense lists")
struct DenseSealTests {
    let embedder: LocalBertEmbedder
    let root: URL

    init() throws {
        embedder = try LocalBertEmbedder()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-dense-seal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// `count` Cranfield abstracts from `offset` as a BEIR JSONL file.
    func cranfield(_ name: String, offset: Int, count: Int) throws -> URL {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/datasets/cranfield/corpus.jsonl")
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n")
        let url = root.appendingPathComponent(name)
        try Data(lines[offset ..< offset + count].joined(separator: "\n").utf8).write(to: url)
        return url
    }

    /// Ids and scores of the dense top 10 for each probe.
    func rankings(_ url: URL, probes: [String]) async throws -> [[String]] {
        let index = try QuarryIndex.open(url, kind: .dense, embedder: embedder)
        var result: [[String]] = []
        for probe in probes {
            result.append(try await index.rank(probe, k: 10).map { "\($0.id):\($0.score)" })
        }
        return result
    }

    /// Guards the seal's replay: after a file is added (too few codes to seal again) and
    /// another removed, an open from the seal ranks every probe exactly as an open that
    /// reads the code rows (the seal deleted), and the seal covers only the first file.
    @Test func anOpenFromTheSealEqualsOneFromTheRows() async throws {
        let url = root.appendingPathComponent("seal.quarry")
        let store = try QuarryStore(url: url, create: true)
        var settings = IndexSettings(targetTokens: 8192)
        settings.denseSpec = "IVF4,PQ8,Refine(10)"
        let pipeline = try IngestPipeline(store: store, settings: settings, embedder: embedder)
        let first = try cranfield("a.jsonl", offset: 0, count: 300)
        let second = try cranfield("b.jsonl", offset: 300, count: 40)
        let third = try cranfield("c.jsonl", offset: 340, count: 30)
        _ = try await pipeline.run(paths: [first, second])
        let sealed = try #require(try store.read { try $0.denseSeal() })
        #expect(sealed.entries == 340, "training seals every code")

        let grown = try await #require(try pipeline.run(paths: [first, second, third]).dense)
        #expect(grown.encoded == 30)
        try store.remove(paths: [second.standardizedFileURL.path])
        let kept = try store.read { try $0.denseSeal() }
        #expect(kept == sealed, "30 codes are too few to seal again")

        let probes = try store.chunks(ids: Array(try store.denseCodes().map(\.chunkID).suffix(40))).map(\.text)
        let fromSeal = try await rankings(url, probes: probes)
        let queue = try DatabaseQueue(path: url.path)
        try await queue.write { db in try db.execute(sql: "DELETE FROM dense_seal") }
        try queue.close()
        let fromRows = try await rankings(url, probes: probes)
        #expect(fromSeal == fromRows)
        #expect(fromSeal.allSatisfy { $0.count == 10 })
    }
}
