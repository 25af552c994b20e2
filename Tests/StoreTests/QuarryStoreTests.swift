import Foundation
import GRDB
import QuarryCore
import Store
import Testing

@Suite("QuarryStore")
struct QuarryStoreTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func source(_ path: String, sha: String = "aa", chunks: [String]) -> NewSource {
        var offset = 0
        let newChunks = chunks.map { text -> NewChunk in
            defer { offset += text.utf8.count + 1 }
            var frequencies: [String: Int] = [:]
            let words = text.split(separator: " ").map(String.init)
            for word in words { frequencies[word, default: 0] += 1 }
            return NewChunk(
                byteStart: offset, byteEnd: offset + text.utf8.count, text: text,
                tokenCount: words.count, termFrequencies: frequencies, termCount: words.count
            )
        }
        return NewSource(
            path: path, format: "text", sha256: sha, byteCount: offset, modified: Date(),
            settings: "sentence:200",
            documents: [NewDocument(externalID: nil, title: "T", byteCount: offset, chunks: newChunks)]
        )
    }

    @Test func migratesAFreshFileAndReopensIt() throws {
        let url = directory.appendingPathComponent("sub/dir/a.quarry")
        do {
            let store = try QuarryStore(url: url, create: true)
            try store.setMeta("analyzer", "english")
        }
        let reopened = try QuarryStore(url: url, create: false)
        #expect(try reopened.meta("analyzer") == "english")
        #expect(try reopened.statistics() == IndexStatistics(sources: 0, documents: 0, chunks: 0, terms: 0))
    }

    @Test func refusesToOpenAMissingIndexWithoutCreate() {
        let url = directory.appendingPathComponent("missing.quarry")
        #expect { try QuarryStore(url: url, create: false) } throws: { error in
            (error as? QuarryError)?.kind == .notFound && "\(error)".contains("quarry index")
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func rejectsAFileThatIsNotADatabase() throws {
        let url = directory.appendingPathComponent("junk.quarry")
        try Data(repeating: 0x41, count: 4096).write(to: url)
        #expect { try QuarryStore(url: url, create: false) } throws: { error in
            (error as? QuarryError)?.kind.exitCode == 1 && "\(error)".contains("not a Quarry index")
        }
    }

    /// A file whose schema has a migration this build does not know was written by a
    /// newer Quarry: refused with a message, not half-read.
    @Test func aNewerSchemaIsRefused() throws {
        let url = directory.appendingPathComponent("newer.quarry")
        _ = try QuarryStore(url: url, create: true)
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        try queue.close()
        #expect { try QuarryStore(url: url, create: false) } throws: { error in
            (error as? QuarryError)?.kind == .conflict && "\(error)".contains("newer Quarry")
        }
    }

    /// Two processes creating one new index at once: both end up with one schema.
    @Test func concurrentFirstOpensShareOneSchema() async throws {
        for round in 0..<5 {
            let url = directory.appendingPathComponent("race-\(round).quarry")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { _ = try QuarryStore(url: url, create: true) }
                }
                try await group.waitForAll()
            }
            #expect(try QuarryStore(url: url, create: false).statistics().chunks == 0)
        }
    }

    @Test func replacingASourceLeavesNoStaleRows() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("r.quarry"), create: true)
        let first = try store.replace(source("/a.txt", chunks: ["alpha beta", "beta gamma"]))
        try store.replace(source("/b.txt", chunks: ["delta"]))
        #expect(try store.statistics() == IndexStatistics(sources: 2, documents: 2, chunks: 3, terms: 4))

        let second = try store.replace(source("/a.txt", sha: "bb", chunks: ["epsilon"]))
        #expect(Set(first).isDisjoint(with: second))
        #expect(try store.chunks(ids: first).isEmpty)
        #expect(try store.source(path: "/a.txt")?.sha256 == "bb")
        let postings = try store.allPostings()
        #expect(postings.count == 2)
        #expect(Set(postings.flatMap { $0.frequencies.keys }) == ["epsilon", "delta"])
        #expect(try store.statistics().terms == 2)
    }

    @Test func removeDeletesEveryRowOfTheSource() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("d.quarry"), create: true)
        let ids = try store.replace(source("/a.txt", chunks: ["one two", "two three"]))
        try store.replace(source("/b.txt", chunks: ["four"]))
        let removed = try store.remove(paths: ["/a.txt"])
        #expect(Set(removed) == Set(ids))
        #expect(try store.sources().map(\.path) == ["/b.txt"])
        #expect(try store.allPostings().map(\.frequencies) == [["four": 1]])
    }

    /// The column form the BM25 index loads from holds exactly the rows of
    /// `postings()`: every chunk (one with no term too), in id order, with its terms.
    @Test func postingColumnsHoldEveryChunksPostings() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("p.quarry"), create: true)
        try store.replace(source("/a.txt", chunks: ["one two two", "", "three one"]))
        try store.replace(source("/b.txt", chunks: ["four"]))
        try store.remove(paths: ["/b.txt"])
        try store.replace(source("/c.txt", chunks: ["five one"]))
        let (columns, postings) = try store.read { (try $0.postingColumns(), try $0.postings()) }
        #expect(columns.chunkIDs == postings.map(\.chunkID))
        #expect(columns.termCounts == postings.map(\.termCount))
        #expect(columns.chunkStarts.count == columns.chunkIDs.count + 1)
        for (index, chunk) in postings.enumerated() {
            var frequencies: [String: Int] = [:]
            for posting in columns.chunkStarts[index]..<columns.chunkStarts[index + 1] {
                frequencies[columns.terms[Int(columns.termRows[posting])]] = Int(columns.frequencies[posting])
            }
            #expect(frequencies == chunk.frequencies)
        }
        #expect(!columns.terms.contains("four"), "a removed chunk's terms are not read")
    }

    @Test func chunksComeBackInRequestedOrderWithTheirDocument() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("c.quarry"), create: true)
        let ids = try store.replace(source("/a.txt", chunks: ["first chunk", "second chunk"]))
        let chunks = try store.chunks(ids: ids.reversed())
        #expect(chunks.map(\.text) == ["second chunk", "first chunk"])
        #expect(chunks[1].byteStart == 0 && chunks[1].byteEnd == 11)
        #expect(chunks[0].byteStart == 12)
        #expect(chunks[0].document == "/a.txt")
        #expect(try store.documentKeys()[ids[0]] == "/a.txt")
    }

    @Test func multiDocumentSourcesNameDocumentsByExternalID() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("j.quarry"), create: true)
        var jsonl = source("/corpus.jsonl", chunks: ["x y"])
        jsonl.documents[0].externalID = "doc-7"
        let ids = try store.replace(jsonl)
        #expect(try store.chunks(ids: ids).first?.document == "/corpus.jsonl#doc-7")
        #expect(try store.documentKeys()[ids[0]] == "doc-7")
    }
}
