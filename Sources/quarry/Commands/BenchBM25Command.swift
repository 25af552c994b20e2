import QuarryCore
import ArgumentParser
import Foundation
import Pipeline

/// `quarry bench bm25`: BM25 quality, query latency and indexing time next to bm25s.
struct BenchBM25Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bm25",
        abstract: "BM25 on a BEIR folder beside bm25s (PyPI) measured in the same run.",
        discussion: "The peer runs when --peer-python names a Python with bm25s and PyStemmer (Benchmarks/bm25.sh sets one up)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A BEIR folder.")
    var directory: String = "../shared/datasets/scifact"

    @Option(help: "The qrels split.")
    var split: String = "train"

    @Option(name: .customLong("peer-python"), help: "A Python interpreter with bm25s and PyStemmer installed.")
    var peerPython: String?

    @Option(name: .customLong("peer-script"), help: "The peer's script (bm25s_beir.py).")
    var peerScript: String = "../shared/peers/bm25s_beir.py"

    struct Figures: Encodable {
        var ndcgAt10: Double
        var recallAt100: Double
        var msPerQuery: Double
        var indexSeconds: Double
        enum CodingKeys: String, CodingKey {
            case ndcgAt10 = "ndcg@10", recallAt100 = "recall@100", msPerQuery = "ms_per_query", indexSeconds = "index_s"
        }
    }

    struct Report: Encodable {
        var dataset: String
        var queries: Int
        var quarry: Figures
        var peer: Figures?
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: directory)
        let dataset = try BEIRDataset(directory: folder, split: split)
        // Document-level BM25 like the peer: one chunk per abstract.
        let settings = IndexSettings(chunker: .sentence, targetTokens: 8192)
        let indexURL = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-bench-\(UUID().uuidString).quarry")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: indexURL.path + suffix) }
        }
        let ingest = try await EvaluationIndex.build(at: indexURL, corpus: dataset.corpus, settings: settings, quiet: true)
        let started = Date()
        let index = try QuarryIndex.open(indexURL, kind: .bm25)
        let loadSeconds = Date().timeIntervalSince(started)
        let result = try await RetrievalEvaluation.run(dataset: dataset, index: index, retrieverName: "bm25")
        var report = Report(
            dataset: folder.lastPathComponent, queries: result.queries,
            quarry: Figures(
                ndcgAt10: result.ndcgAt10, recallAt100: result.recallAt100, msPerQuery: result.msPerQuery,
                indexSeconds: ((ingest.seconds + loadSeconds) * 1000).rounded() / 1000
            ),
            peer: nil
        )
        if let peerPython {
            report.peer = try runPeer(python: peerPython, folder: folder)
        } else {
            Output.status("peer not measured: pass --peer-python (see Benchmarks/bm25.sh)")
        }
        try Output.json(report)
    }

    private func runPeer(python: String, folder: URL) throws -> Figures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            peerScript, folder.path, folder.appendingPathComponent("queries.jsonl").path,
            folder.appendingPathComponent("qrels/\(split).tsv").path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let ndcg = object["ndcg@10"] as? Double, let recall = object["recall@100"] as? Double,
            let ms = object["query_ms"] as? Double, let indexSeconds = object["index_s"] as? Double
        else {
            throw QuarryError(.invalidInput, "the peer script \(peerScript) failed or printed no figures (exit \(process.terminationStatus))")
        }
        return Figures(ndcgAt10: ndcg, recallAt100: recall, msPerQuery: ms, indexSeconds: indexSeconds)
    }
}
