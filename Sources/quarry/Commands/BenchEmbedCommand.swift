import ArgumentParser
import Embedding
import Foundation

/// `quarry bench embed`: MiniLM passages per second on SciFact abstracts, beside
/// sentence-transformers when `--peer-python` names a Python that has it.
struct BenchEmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embedding throughput on SciFact abstracts (batch 32, 256-token cap), beside sentence-transformers."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A BEIR corpus.jsonl (title + text per line).")
    var corpus = "../shared/datasets/scifact/corpus.jsonl"

    @Option(name: .long, help: "How many passages to embed.")
    var passages = 1000

    @Option(name: .long, help: "Sequences per batch.")
    var batchSize = 32

    @Option(name: .long, help: "A Python with sentence-transformers; runs Benchmarks/peer_models.py in the same run.")
    var peerPython: String?

    func run() async throws {
        let texts = try Corpus.passages(corpus, limit: passages)
        let embedder = try LocalBertEmbedder(batchSize: batchSize)
        _ = try embedder.embed(Array(texts.prefix(64)))
        let clock = ContinuousClock()
        let start = clock.now
        _ = try embedder.embed(texts)
        let seconds = (clock.now - start).seconds
        let quarry: [String: Double] = ["passages_per_second": Double(texts.count) / seconds, "passages": Double(texts.count), "seconds": seconds]
        var report: [String: [String: Double]] = ["quarry": quarry]
        if let peerPython {
            let peer = try PeerRunner.run(python: peerPython, arguments: ["embed", "--corpus", corpus, "--passages", String(passages), "--batch-size", String(batchSize)])
            report["peer"] = peer
            if let theirs = peer["passages_per_second"], theirs > 0 {
                report["ratio"] = ["passages_per_second": quarry["passages_per_second"]! / theirs]
            }
        }
        if global.json {
            try Output.json(BenchReport(figures: report))
        } else {
            print(HardwareReport.current.summary)
            print(String(format: "quarry: %.1f passages/s (%d passages, batch %d)", quarry["passages_per_second"]!, texts.count, batchSize))
            if let ratio = report["ratio"]?["passages_per_second"] { print(String(format: "ratio to sentence-transformers: %.2f×", ratio)) }
        }
    }
}
