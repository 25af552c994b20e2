import Foundation
import Testing

/// `quarry index` on a BEIR corpus file, as a user runs it: killed part-way through the
/// file it resumes without losing or repeating a document, and its progress names the
/// work it does (no "embedding" with `--embedder none`).
@Suite("Corpus ingest from the command line")
struct CorpusIngestCLITests {
    let quarry: QuarryBinary
    let directory: URL
    static let records = 30_000

    init() throws {
        quarry = try QuarryBinary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-corpus-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let topics = ["vacuum", "checkpoints", "replication", "planner", "locks", "indexes"]
        let lines = (0..<Self.records).map { number in
            let topic = topics[number % topics.count]
            return #"{"_id": "r\#(number)", "title": "Note \#(number)", "text": "Record \#(number) is about \#(topic). "#
                + #"It says how \#(topic) works when the server is busy and what to watch for."}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("corpus.jsonl"))
    }

    func status(_ index: String) throws -> [String: Any] {
        try #require(try quarry.run(["status", "--index", index, "--json"], in: directory).json)
    }

    /// kill -9 once some batches of the one file are committed; the rerun resumes and ends
    /// with the same documents, chunks and terms as an uninterrupted run.
    @Test func killMidFileResumesWithoutLossOrDuplication() throws {
        let process = try quarry.start(["index", "corpus.jsonl", "--index", "k.quarry", "--embedder", "none"], in: directory)
        let deadline = Date().addingTimeInterval(120)
        var documentsAtKill = 0
        while Date() < deadline && process.isRunning {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("k.quarry").path),
               let documents = (try? status("k.quarry"))?["documents"] as? Int, documents > 0 {
                documentsAtKill = documents
                break
            }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // The premise: the kill landed inside the file (some batches in, not all).
        #expect(documentsAtKill > 0 && documentsAtKill < Self.records, "killed at \(documentsAtKill) documents")

        let resumed = try quarry.run(["index", "corpus.jsonl", "--index", "k.quarry", "--embedder", "none", "--json"],
                                     in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.json?["indexed"] as? Int == 1)
        let clean = try quarry.run(["index", "corpus.jsonl", "--index", "clean.quarry", "--embedder", "none"], in: directory)
        #expect(clean.status == 0, "\(clean.stderr)")
        let interrupted = try status("k.quarry"), uninterrupted = try status("clean.quarry")
        for key in ["sources", "documents", "chunks", "terms"] {
            #expect(interrupted[key] as? Int == uninterrupted[key] as? Int, "\(key)")
        }
        #expect(interrupted["documents"] as? Int == Self.records)
    }

    @Test func progressNamesTheWorkWithoutAnEmbedder() throws {
        let run = try quarry.run(["index", "corpus.jsonl", "--index", "p.quarry", "--embedder", "none"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("embedding"), "\(run.stderr)")
        #expect(run.stderr.contains("documents chunked and written"), "\(run.stderr)")
    }
}
