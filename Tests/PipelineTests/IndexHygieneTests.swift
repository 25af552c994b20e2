#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Pipeline
import Store
import Testing

/// Hostile or unusual input met through `quarry index`: links out of the folder, names
/// that are not UTF-8, and text without spaces between words.
@Suite("Index hygiene")
struct IndexHygieneTests {
    let corpus: TemporaryCorpus

    init() throws {
        corpus = try TemporaryCorpus()
    }

    private func ingest(followSymlinks: Bool = false) async throws -> IngestReport {
        let store = try QuarryStore(url: corpus.index, create: true)
        return try await IngestPipeline(store: store, settings: .init(), followSymlinks: followSymlinks).run(paths: [corpus.docs])
    }

    private func indexedPaths() throws -> Set<String> {
        Set(try QuarryStore(url: corpus.index, create: false).sources().map(\.path))
    }

    /// The source path of the best BM25 hit for `question`.
    private func topDocument(_ question: String) async throws -> String? {
        let index = try QuarryIndex.open(corpus.index)
        guard let hit = try await index.rank(question, k: 5).first else { return nil }
        return try QuarryStore(url: corpus.index, create: false).chunks(ids: [hit.id]).first?.document
    }

    @Test func aLinkOutOfTheFolderIsReportedNotIndexedUnlessFollowed() async throws {
        try corpus.write("passwd.txt", "root:x:0:0:root:/root:/bin/bash")
        let link = corpus.docs.appendingPathComponent("passwd.txt")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../passwd.txt")

        let report = try await ingest()
        #expect(report.indexed == 3)
        #expect(report.failed.map(\.path) == [link.path])
        #expect(report.failed.first?.error.contains("Pass --follow-symlinks to index it") == true)
        #expect(try !indexedPaths().contains(link.path))

        let followed = try await ingest(followSymlinks: true)
        #expect(followed.indexed == 1)
        #expect(followed.failed.isEmpty)
        #expect(try indexedPaths().contains(link.path))
    }

    /// "café.txt" with é as the Latin-1 byte 0xE9 is indexed under a printable name,
    /// recognised as unchanged on the next run, and removed once deleted.
    @Test func aNameThatIsNotUTF8IsIndexedSkippedWhenUnchangedAndRemoved() async throws {
        let name = Array(corpus.docs.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".txt".utf8) + [0]
        let descriptor = name.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
        }
        try #require(descriptor >= 0)
        try FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            .write(contentsOf: Data("Café au lait is coffee with hot milk.".utf8))
        let printed = corpus.docs.path + "/caf\\xE9.txt"

        let first = try await ingest()
        #expect(first.failed.isEmpty)
        #expect(first.indexed == 4)
        #expect(try indexedPaths().contains(printed))
        #expect(try await topDocument("coffee milk") == printed)

        let second = try await ingest()
        #expect(second.indexed == 0)
        #expect(second.skipped == 4)

        #expect(name.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) } } == 0)
        let third = try await ingest()
        #expect(third.removed == 1)
        #expect(try !indexedPaths().contains(printed))
    }

    @Test func aChineseWordIsFoundInsideASentence() async throws {
        try corpus.write("docs/capitals.txt", "日本的首都是东京。中国的首都是北京。")
        #expect(try await ingest().indexed == 4)
        #expect(try await topDocument("首都") == corpus.docs.appendingPathComponent("capitals.txt").path)
    }
}
