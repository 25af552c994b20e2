import ArgumentParser
import Chunking
import Foundation
import Pipeline
import QuarryCore

/// `quarry bench chunk`: how fast the perplexity chunker's language model reads a
/// document (overlapping windows, all logits), beside llama.cpp evaluating the same text
/// in the same windows, and the whole chunker's speed.
struct BenchChunkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chunk",
        abstract: "Perplexity-chunking speed: SmolLM2 scoring in windows beside llama.cpp, and the whole chunker."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A BEIR corpus.jsonl whose first documents give the text.")
    var corpus = "../shared/datasets/covidqa-dev/corpus.jsonl"

    @Option(name: .long, help: "Tokens of text to score (documents are joined until there are this many).")
    var tokens = 4096

    @Option(name: .customLong("scoring-window"), help: "Tokens per language-model pass.")
    var scoringWindow = 1024

    @Option(name: .customLong("target-size"), help: "The chunker's target size, for the whole-chunker figure.")
    var targetSize = 256

    @Option(name: .long, help: "A Python with llama-cpp-python; runs Benchmarks/peer_chunk.py in the same run.")
    var peerPython: String?

    func run() async throws {
        let models = try ChunkingModels.load(for: .perplexity, embedder: nil)
        guard let decoder = models.decoder, let tokenizer = models.tokenizer else { return }
        var text = ""
        for passage in try Corpus.passages(corpus, limit: 1_000) {
            text += (text.isEmpty ? "" : "\n\n") + passage
            if tokenizer.count(text[...]) >= tokens { break }
        }
        let ids = tokenizer.tokens(of: text[...]).map(\.id)
        let overlap = max(1, scoringWindow / 8)
        let windowing = WindowedSurprisal(window: scoringWindow, overlap: overlap)
        let scorer = DecoderTokenScorer(decoder: decoder)
        _ = try scorer.logProbabilities(of: Array(ids.prefix(64)))
        let clock = ContinuousClock()
        var start = clock.now
        _ = try windowing.surprisal(of: ids, scorer: scorer)
        let scoreSeconds = (clock.now - start).seconds
        let settings = IndexSettings(chunker: .perplexity, targetTokens: targetSize, scoringWindow: scoringWindow)
        let chunker = try settings.makeChunker(models: models)
        start = clock.now
        let chunks = try await chunker.chunk(text)
        let chunkSeconds = (clock.now - start).seconds
        let quarry: [String: Double] = [
            "tokens": Double(ids.count),
            "score_tokens_per_second": Double(ids.count) / scoreSeconds,
            "chunk_tokens_per_second": Double(ids.count) / chunkSeconds,
            "chunks": Double(chunks.count),
        ]
        var report: [String: [String: Double]] = ["quarry": quarry]
        if let peerPython {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-bench-chunk-\(getpid()).txt")
            try text.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let peer = try PeerRunner.run(
                python: peerPython, script: "Benchmarks/peer_chunk.py",
                arguments: ["--text-file", file.path, "--window", String(scoringWindow), "--overlap", String(overlap)]
            )
            report["peer"] = peer
            if let theirs = peer["score_tokens_per_second"], theirs > 0, let ours = quarry["score_tokens_per_second"] {
                report["ratio"] = ["score_tokens_per_second": ours / theirs]
            }
        }
        if global.json {
            try Output.json(BenchReport(figures: report))
        } else {
            print(HardwareReport.current.summary)
            for (side, figures) in report.sorted(by: { $0.key < $1.key }) {
                for (key, value) in figures.sorted(by: { $0.key < $1.key }) {
                    print("\(side) \(key): \(String(format: "%.2f", value))")
                }
            }
        }
    }
}
