import Foundation
import Loaders
import Testing

/// A BEIR corpus read in batches: any size (no per-file limit, only per record), memory
/// bounded by one block and one record, the same documents and the same line-numbered
/// errors as reading the whole file.
struct BEIRCorpusReaderTests {
    /// `count` records of about 100 bytes, `_id` "d0"…, one a line.
    static func corpus(_ count: Int, extra: [String] = []) -> String {
        ((0..<count).map { number in
            #"{"_id": "d\#(number)", "title": "Record \#(number)", "text": "Record \#(number) is about vacuum and checkpoints."}"#
        } + extra).joined(separator: "\n") + "\n"
    }

    func write(_ content: String) throws -> URL {
        try Fixtures.write(content, to: "corpus.jsonl", in: try Fixtures.temporaryFolder())
    }

    /// Every batch of the file, with `earlierIDs` answered from the batches before.
    func batches(_ url: URL, maxRecordBytes: Int = 1000, blockBytes: Int = 256, maxDocuments: Int = 7,
                 maxTextBytes: Int = 1 << 20) async throws -> (batches: [[LoadedDocument]], reader: BEIRCorpusReader) {
        var reader = try BEIRCorpusReader(path: FileSystemPath(url), maxRecordBytes: maxRecordBytes, blockBytes: blockBytes)
        var seen: Set<String> = []
        var batches: [[LoadedDocument]] = []
        while true {
            let batch = try await reader.next(maxDocuments: maxDocuments, maxTextBytes: maxTextBytes) { ids in
                seen.intersection(ids)
            }
            if batch.isEmpty { break }
            seen.formUnion(batch.compactMap(\.externalID))
            batches.append(batch)
        }
        return (batches, reader)
    }

    /// A file 50 times the record limit reads whole, in order, equal to the whole-file
    /// loader's documents, while the reader never held more than a block and a record.
    @Test func aFileFarOverTheLimitStreamsWithBoundedMemory() async throws {
        let url = try write(Self.corpus(600))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size > 50 * 1000)
        let (batches, reader) = try await batches(url)
        #expect(batches.flatMap { $0 } == (try DocumentLoader().load(url).documents))
        #expect(batches.allSatisfy { $0.count <= 7 })
        #expect(reader.peakBufferedBytes <= 256 + 1000)
        #expect(reader.bytesRead == size)
        #expect(reader.documentsRead == 600)
    }

    @Test func aBatchStopsOnceItsTextReachesTheByteBound() async throws {
        let (batches, _) = try await batches(try write(Self.corpus(40)), maxDocuments: 100, maxTextBytes: 300)
        #expect(batches.count > 1)
        for batch in batches.dropLast() {
            let bytes = batch.reduce(0) { $0 + $1.text.utf8.count }
            #expect(bytes >= 300 && bytes - batch.last!.text.utf8.count < 300)
        }
    }

    @Test func theFixtureReadsAsTheWholeFileLoaderReadsIt() async throws {
        let url = Fixtures.url("scifact-sample.jsonl")
        #expect(try await batches(url, maxRecordBytes: 1 << 20, blockBytes: 100, maxDocuments: 3).batches.flatMap { $0 }
            == (try DocumentLoader().load(url).documents))
    }

    @Test(arguments: [
        (corpus(300, extra: [#"{"_id": "x", "text": "cut"#]), "line 301:", "not valid JSON"),
        (corpus(20, extra: [#"{"_id": "d3", "text": "again"}"#]), "line 21:", "already used on an earlier line"),
        (corpus(5, extra: [#"{"_id": "d4", "text": "again"}"#]), "line 6:", "already used on line 5"),
        (corpus(3, extra: [#"{"_id": "long", "text": "\#(String(repeating: "a", count: 1200))"}"#]), "line 4",
         "longer than 1000 bytes"),
        ("\n\n", "empty file", "add records"),
    ])
    func errorsNameTheLineAsTheWholeFileLoaderDoes(_ content: String, _ prefix: String, _ what: String) async throws {
        let url = try write(content)
        let error = try await #require(throws: LoaderError.self) { try await batches(url) }
        #expect(error.reason.hasPrefix(prefix), "\(error.reason)")
        #expect(error.reason.contains(what), "\(error.reason)")
    }

    @Test func invalidUTF8IsReportedAtItsOffsetInTheFile() async throws {
        var bytes = Array(Self.corpus(30).utf8)
        let opening = Array(#"{"_id": "bad", "text": ""#.utf8)
        let offset = bytes.count + opening.count
        bytes += opening + [0xFF] + Array(#""}"#.utf8) + [0x0A]
        let url = try Fixtures.write(bytes, to: "corpus.jsonl", in: try Fixtures.temporaryFolder())
        let error = try await #require(throws: LoaderError.self) { try await batches(url) }
        #expect(error.reason.contains("byte offset \(offset) (line 31)"), "\(error.reason)")
    }

    /// A resumed run passes over the documents already written, then goes on from the next.
    @Test func skipPassesOverWrittenDocuments() async throws {
        var reader = try BEIRCorpusReader(path: FileSystemPath(try write(Self.corpus(30))), maxRecordBytes: 1000, blockBytes: 64)
        try reader.skip(12)
        let next = try await reader.next(maxDocuments: 5, maxTextBytes: 1 << 20) { _ in [] }
        #expect(next.map(\.externalID) == ["d12", "d13", "d14", "d15", "d16"])
        #expect(reader.documentsRead == 17)
    }

    /// The fingerprint of a file read in batches is the whole-file loader's.
    @Test func theFingerprintMatchesTheWholeFileLoader() throws {
        let url = try write(Self.corpus(2000))
        let fingerprint = try DocumentLoader().fingerprint(FileSystemPath(url))
        let loaded = try DocumentLoader().load(url)
        #expect(fingerprint.sha256 == loaded.sha256)
        #expect(fingerprint.byteCount == loaded.byteCount)
        #expect(fingerprint.modified == loaded.modified)
        #expect(fingerprint.format == .jsonl)
    }
}
