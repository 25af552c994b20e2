import Foundation
import QuarryCore
import Store
import XCTest

/// The behaviour every ``IndexStore`` backend must share, as scenarios run against a
/// fresh store of each backend (SQLiteIndexStoreTests, PostgresIndexStoreTests).
enum StoreConformance {
    /// A source of `documents` documents of `chunksPerDocument` chunks each, with vectors
    /// (dimension 4) and surprisal; `tag` varies the text so two versions differ.
    static func source(
        _ path: String, tag: String = "a", documents: Int = 2, chunksPerDocument: Int = 3, externalIDs: Bool = false
    ) -> NewSource {
        var newDocuments: [NewDocument] = []
        for document in 0..<documents {
            var offset = 0
            var chunks: [NewChunk] = []
            for chunk in 0..<chunksPerDocument {
                let text = "\(tag) alpha beta \(tag)\(document) chunk\(chunk) beta"
                let words = text.split(separator: " ").map(String.init)
                var frequencies: [String: Int] = [:]
                for word in words { frequencies[word, default: 0] += 1 }
                let value = Float(document * 10 + chunk)
                chunks.append(NewChunk(
                    byteStart: offset, byteEnd: offset + text.utf8.count, text: text, tokenCount: words.count,
                    termFrequencies: frequencies, termCount: words.count, vector: [value, 1, -value, 0.5],
                    surprisal: TokenSurprisal(tokenStarts: [0, 2, 8], nats: [1.5, 0.2, 7.3])
                ))
                offset += text.utf8.count + 1
            }
            newDocuments.append(NewDocument(
                externalID: externalIDs ? "doc\(document)" : nil, title: "\(tag) title \(document)", byteCount: offset,
                chunks: chunks
            ))
        }
        return NewSource(
            path: path, format: "text", sha256: "sha-\(tag)", byteCount: 100, modified: Date(timeIntervalSince1970: 1_700_000_000),
            settings: "sentence:200", documents: newDocuments
        )
    }

    /// Everything a store reads back, in a form two backends can be compared by.
    struct Transcript: Equatable {
        var steps: [String] = []
        mutating func note(_ line: String) { steps.append(line) }
    }

    /// One fixed sequence of writes and reads, recording what each returns; asserts the
    /// facts every backend must show (generations step by one, changes net out, a write
    /// over a path replaces it, dense updates check the dense generation).
    static func scenario(_ store: any IndexStore, file: StaticString = #filePath, line: UInt = #line) async throws -> Transcript {
        var transcript = Transcript()
        let start = try await store.currentGeneration()
        XCTAssertEqual(start, IndexGeneration(generation: 1, denseGeneration: 1, logStart: 1), file: file, line: line)

        let first = try await store.replace(source("/corpus/a.txt"))
        let second = try await store.replace(source("/corpus/b.jsonl", externalIDs: true))
        transcript.note("written \(first) \(second)")
        XCTAssertEqual(first.count, 6, file: file, line: line)
        let rewritten = try await store.replace(source("/corpus/a.txt", tag: "z", documents: 1))
        transcript.note("rewritten \(rewritten)")
        let appended = try await store.append(
            source("/corpus/b.jsonl", tag: "y", documents: 1).documents, toSource: "/corpus/b.jsonl", complete: "sha-final"
        )
        transcript.note("appended \(appended)")
        try await store.setMeta("analyzer", "english")
        try await store.setMeta("analyzer", "english-stem")
        let removed = try await store.remove(paths: ["/corpus/none", "/corpus/a.txt"])
        XCTAssertEqual(removed, rewritten, file: file, line: line)
        transcript.note("removed \(removed)")

        let generation = try await store.currentGeneration()
        XCTAssertEqual(generation.generation, 8, "seven writes after generation 1", file: file, line: line)
        transcript.note("generation \(generation)")

        try await store.withSnapshot { snapshot in
            let changes = try await snapshot.changes(since: 1)
            XCTAssertEqual(Set(changes.added), Set(second + appended), file: file, line: line)
            XCTAssertEqual(Set(changes.removed), Set(first + rewritten), file: file, line: line)
            transcript.note("changes since 1 \(changes)")
            transcript.note("changes since 4 \(try await snapshot.changes(since: 4))")
            let all = try await snapshot.termCounts(ids: nil)
            XCTAssertEqual(all.map(\.chunkID), second + appended, file: file, line: line)
            for postings in all {
                transcript.note("terms \(postings.chunkID) \(postings.termCount) \(postings.frequencies.sorted { $0.key < $1.key })")
            }
            transcript.note("some terms \(try await snapshot.termCounts(ids: [appended[0], 999_999]).map(\.chunkID))")
            transcript.note("none \(try await snapshot.termCounts(ids: []).count)")
            let chunks = try await snapshot.chunks(ids: [appended[0], 999_999, second[1]])
            XCTAssertEqual(chunks.map(\.id), [appended[0], second[1]], "in the order asked, missing ids skipped", file: file, line: line)
            transcript.note("chunks \(chunks)")
            let surprisal = try await snapshot.surprisal(ids: second)
            XCTAssertEqual(surprisal.count, second.count, file: file, line: line)
            transcript.note("surprisal \(surprisal.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.tokenStarts) \($0.value.nats)" })")
            let vectors = try await snapshot.vectors(for: [second[2], 999_999])
            XCTAssertEqual(vectors[0], [2, 1, -2, 0.5], file: file, line: line)
            XCTAssertNil(vectors[1], file: file, line: line)
            transcript.note("vectors \(vectors)")
            transcript.note("vector count \(try await snapshot.vectorCount())")
            transcript.note("meta \(String(describing: try await snapshot.meta("analyzer"))) \(String(describing: try await snapshot.meta("none")))")
        }

        // The dense index: trained from one snapshot, then a stale update is refused.
        let dense = try await store.currentGeneration().denseGeneration
        let codes = (second + appended).map { DenseCode(chunkID: $0, list: Int32($0 % 3), code: Data([UInt8($0 % 256), 7])) }
        let trained = try await store.updateDenseIndex(
            .replace(parameters: Data("params".utf8), trainedCount: codes.count, codes: Array(codes.dropLast()) + [
                DenseCode(chunkID: 999_999, list: 0, code: Data([1])),
            ]),
            ifDenseGeneration: dense
        )
        XCTAssertTrue(trained, file: file, line: line)
        let stale = try await store.updateDenseIndex(.clear, ifDenseGeneration: dense)
        XCTAssertFalse(stale, "a dense update computed before a retrain is refused", file: file, line: line)
        let retrained = try await store.currentGeneration()
        XCTAssertEqual(retrained.denseGeneration, retrained.generation, file: file, line: line)
        try await store.withSnapshot { snapshot in
            let pending = try await snapshot.vectorBlobs(ids: nil, withoutCodes: true)
            XCTAssertEqual(pending.map(\.chunkID), [codes.last!.chunkID], file: file, line: line)
            transcript.note("pending \(pending)")
        }
        let added = try await store.updateDenseIndex(.add([codes.last!]), ifDenseGeneration: retrained.denseGeneration)
        XCTAssertTrue(added, file: file, line: line)
        try await store.withSnapshot { snapshot in
            let stored = try await snapshot.denseCodes()
            XCTAssertEqual(stored, codes, "every code but the one of a missing chunk", file: file, line: line)
            transcript.note("codes \(stored)")
            transcript.note("parameters \(String(describing: try await snapshot.denseParameters()))")
            transcript.note("blobs \(try await snapshot.vectorBlobs(ids: [second[0]], withoutCodes: false))")
        }

        transcript.note("generation \(try await store.currentGeneration())")
        transcript.note("statistics \(try await store.statistics())")
        transcript.note("size \(try await store.size())")
        var list = try await store.sourceList(offset: 0, limit: 10)
        list.sources = list.sources.map { var summary = $0; summary.indexedAt = 0; return summary }
        transcript.note("list \(list)")
        transcript.note("keys \(try await store.documentKeys().sorted { $0.key < $1.key })")
        transcript.note("document count \(String(describing: try await store.documentCount(ofSource: "/corpus/b.jsonl")))")
        let sources = try await store.sources().map { "\($0.id) \($0.path) \($0.format) \($0.sha256) \($0.bytes) \($0.modified)" }
        XCTAssertEqual(sources.count, 1, file: file, line: line)
        transcript.note("sources \(sources)")
        XCTAssertNil(store.writeProblem, file: file, line: line)
        return transcript
    }

    /// 20 writes of one path at once, each of different content: one source remains,
    /// holding exactly one writer's documents, and the change log replayed from the
    /// start gives exactly the chunks that exist.
    /// The writers take turns among `stores` (several nodes on one index).
    static func concurrentSamePathWrites(_ stores: [any IndexStore], file: StaticString = #filePath, line: UInt = #line) async throws {
        let store = stores[0]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<20 {
                let node = stores[writer % stores.count]
                group.addTask {
                    try await node.replace(source("/same/doc.txt", tag: "w\(writer)", documents: 1 + writer % 3))
                }
            }
            try await group.waitForAll()
        }
        let sources = try await store.sources()
        XCTAssertEqual(sources.map(\.path), ["/same/doc.txt"], file: file, line: line)
        let tag = String(sources[0].sha256.dropFirst("sha-".count))
        try await store.withSnapshot { snapshot in
            let changes = try await snapshot.changes(since: 1)
            let all = try await snapshot.termCounts(ids: nil).map(\.chunkID)
            XCTAssertEqual(changes.added, all, "the log replays to the chunks that exist", file: file, line: line)
            let chunks = try await snapshot.chunks(ids: all)
            XCTAssertTrue(chunks.allSatisfy { $0.text.hasPrefix("\(tag) ") }, "every chunk from the one writer whose source won", file: file, line: line)
            let writer = Int(tag.dropFirst())!
            XCTAssertEqual(chunks.count, 3 * (1 + writer % 3), file: file, line: line)
            let generation = try await snapshot.generation()
            XCTAssertEqual(generation.generation, 21, file: file, line: line)
        }
    }

    /// A follower (polling every `pollInterval`, unless the store signals sooner) sees a
    /// write within `within`, and a removal likewise.
    static func follows(
        writer: any IndexStore, reader: any IndexStore, pollInterval: Duration, within: Duration,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let follower = IndexFollower(store: reader, pollInterval: pollInterval)
        let start = try await reader.currentGeneration().generation
        var updates = follower.updates(after: start).makeAsyncIterator()
        let clock = ContinuousClock()
        let begun = clock.now
        let added = try await writer.replace(source("/follow/a.txt"))
        guard case .changes(let changes, let to)? = await next(&updates, within: within) else {
            return XCTFail("no update within \(within) of a write", file: file, line: line)
        }
        XCTAssertEqual(changes, ChunkChanges(removed: [], added: added), file: file, line: line)
        XCTAssertEqual(to.generation, start + 1, file: file, line: line)
        XCTAssertLessThan(clock.now - begun, within, file: file, line: line)
        let removed = try await writer.remove(paths: ["/follow/a.txt"])
        guard case .changes(let removal, _)? = await next(&updates, within: within) else {
            return XCTFail("no update within \(within) of a removal", file: file, line: line)
        }
        XCTAssertEqual(removal, ChunkChanges(removed: removed, added: []), file: file, line: line)
    }

    /// The next update, or nil after `within`.
    static func next(_ updates: inout AsyncStream<IndexUpdate>.Iterator, within: Duration) async -> IndexUpdate? {
        let iterator = UncheckedBox(updates)
        let result = await withTaskGroup(of: IndexUpdate?.self) { group in
            group.addTask { await iterator.value.next() }
            group.addTask {
                try? await Task.sleep(for: within)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        updates = iterator.value
        return result
    }

    /// A source of 10,000 chunks (25 documents of 400) written in one `replace` reads back
    /// whole: ascending ids, every chunk's terms and text, the documents in order. On
    /// PostgreSQL the chunks travel in several statements of
    /// `PostgresWriter.chunksPerStatement` (2,000), so this crosses their seams.
    static func largeSource(_ store: any IndexStore, file: StaticString = #filePath, line: UInt = #line) async throws {
        let big = source("/large.txt", tag: "z", documents: 25, chunksPerDocument: 400)
        let ids = try await store.replace(big)
        XCTAssertEqual(ids.count, 10_000, file: file, line: line)
        XCTAssertEqual(ids, ids.sorted(), "ids ascend in the source's order", file: file, line: line)
        XCTAssertEqual(Set(ids).count, ids.count, file: file, line: line)
        let written = big.documents.flatMap(\.chunks)
        try await store.withSnapshot { snapshot in
            let postings = try await snapshot.termCounts(ids: nil)
            XCTAssertEqual(postings.map(\.chunkID), ids, file: file, line: line)
            for (read, chunk) in zip(postings, written) where read.frequencies != chunk.termFrequencies {
                XCTFail("chunk \(read.chunkID): terms \(read.frequencies), written \(chunk.termFrequencies)", file: file, line: line)
            }
            let seams = [0, 1_999, 2_000, 4_000, 9_999]
            let chunks = try await snapshot.chunks(ids: seams.map { ids[$0] })
            XCTAssertEqual(chunks.map(\.text), seams.map { written[$0].text }, file: file, line: line)
            XCTAssertEqual(chunks.map(\.ordinal), seams.map { $0 % 400 }, file: file, line: line)
            XCTAssertEqual(chunks.map(\.title), seams.map { "z title \($0 / 400)" }, file: file, line: line)
            let vectors = try await snapshot.vectorCount()
            XCTAssertEqual(vectors, 10_000, file: file, line: line)
        }
    }

    /// A follower that is more than the retained log behind gets a reload, not changes.
    static func reloadsWhenBehindTheLog(_ store: any IndexStore, file: StaticString = #filePath, line: UInt = #line) async throws {
        let follower = IndexFollower(store: store)
        for index in 0..<(IndexChanges.retainedGenerations + 100) {
            try await store.setMeta("counter", "\(index)")
        }
        let now = try await store.currentGeneration()
        XCTAssertGreaterThan(now.logStart, 2, "the log was trimmed", file: file, line: line)
        let update = try await follower.check(after: 1)
        XCTAssertEqual(update, .reload(at: now), file: file, line: line)
        let recent = try await follower.check(after: now.generation - 10)
        guard case .changes? = recent else { return XCTFail("a recent follower replays: \(String(describing: recent))", file: file, line: line) }
    }
}

/// Lets one task's iterator be used by a child task that is awaited before it is used again.
final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
