import Foundation
import Testing

@Suite("Command-line contract")
struct CommandLineContractTests {
    let quarry: QuarryBinary
    let directory: URL

    init() throws {
        quarry = try QuarryBinary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("""
            Checkpoints are points in the write-ahead log at which all data files have been updated. \
            The checkpoint interval is set by checkpoint_timeout.
            """.utf8).write(to: directory.appendingPathComponent("docs/wal.txt"))
    }

    @Test func indexThenAskWithJSON() throws {
        let index = try quarry.run(["index", "docs", "--index", "i.quarry", "--json"], in: directory)
        #expect(index.status == 0, "\(index.stderr)")
        let report = try #require(index.json)
        #expect(report["indexed"] as? Int == 1)
        #expect(report["skipped"] as? Int == 0)
        #expect((report["failed"] as? [Any])?.isEmpty == true)
        #expect((report["chunks"] as? Int ?? 0) >= 1)
        #expect(report["seconds"] is Double)

        let ask = try quarry.run(["ask", "What sets the checkpoint interval?", "--index", "i.quarry", "--json"], in: directory)
        #expect(ask.status == 0, "\(ask.stderr)")
        let answer = try #require(ask.json)
        #expect((answer["answer"] as? String)?.contains("checkpoint_timeout") == true)
        let citation = try #require((answer["citations"] as? [[String: Any]])?.first)
        for key in ["document", "chunk_id", "byte_start", "byte_end", "text"] {
            #expect(citation[key] != nil, "citation lacks \(key)")
        }
        #expect(answer["context_tokens"] is Int)
        #expect(answer["timings_ms"] is [String: Any])
    }

    @Test func userErrorsExitWithOneAndAMessage() throws {
        let missingIndex = try quarry.run(["ask", "anything", "--index", "none.quarry"], in: directory)
        #expect(missingIndex.status == 1)
        #expect(missingIndex.stderr.contains("quarry index"))

        let badOption = try quarry.run(["index", "docs", "--chunker", "magic"], in: directory)
        #expect(badOption.status == 1)

        let noPaths = try quarry.run(["index"], in: directory)
        #expect(noPaths.status == 1)

        let nothingIndexed = try quarry.run(["index", "missing-folder", "--index", "j.quarry", "--json"], in: directory)
        #expect(nothingIndexed.status == 1)
        #expect((nothingIndexed.json?["failed"] as? [Any])?.count == 1)
    }

    @Test func chunkPrintsByteRangesIntoTheText() throws {
        let chunk = try quarry.run(["chunk", "docs/wal.txt", "--target-size", "16", "--json"], in: directory)
        #expect(chunk.status == 0, "\(chunk.stderr)")
        let chunks = try #require(chunk.json?["chunks"] as? [[String: Any]])
        #expect(chunks.count >= 2)
        let text = Array(try String(contentsOf: directory.appendingPathComponent("docs/wal.txt"), encoding: .utf8).utf8)
        for item in chunks {
            let start = try #require(item["byte_start"] as? Int), end = try #require(item["byte_end"] as? Int)
            #expect(String(decoding: text[start..<end], as: UTF8.self) == item["text"] as? String)
        }
    }

    /// A kill -9 in the middle of indexing leaves a readable index, and running the same
    /// command again ends in exactly the state of an uninterrupted run.
    @Test func killDuringIndexingLosesNothing() throws {
        let folder = directory.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in 0..<300 {
            let text = (0..<200).map { "Sentence \($0) of file \(file) talks about vacuum and checkpoints." }
                .joined(separator: " ")
            try Data(text.utf8).write(to: folder.appendingPathComponent("f\(file).txt"))
        }
        let process = try quarry.start(["index", "many", "--index", "k.quarry", "--embedder", "none"], in: directory)
        let wal = directory.appendingPathComponent("k.quarry-wal")
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: wal.path) && Date() < deadline { usleep(20_000) }
        usleep(300_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let resumed = try quarry.run(["index", "many", "--index", "k.quarry", "--embedder", "none", "--json"], in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let report = try #require(resumed.json)
        #expect((report["indexed"] as? Int ?? 0) + (report["skipped"] as? Int ?? 0) == 300)

        _ = try quarry.run(["index", "many", "--index", "clean.quarry", "--embedder", "none"], in: directory)
        let interrupted = try quarry.run(["status", "--index", "k.quarry", "--json"], in: directory).json
        let uninterrupted = try quarry.run(["status", "--index", "clean.quarry", "--json"], in: directory).json
        for key in ["sources", "documents", "chunks", "terms"] {
            #expect(interrupted?[key] as? Int == uninterrupted?[key] as? Int, "\(key)")
        }
        #expect(interrupted?["sources"] as? Int == 300)
    }
}
