import ArgumentParser
import Embedding
import Foundation
import Models
import QuarryCore

/// `quarry bench embed`: MiniLM on SciFact abstracts, beside sentence-transformers when
/// `--peer-python` names a Python that has it. Two figures per side: wall time of loading
/// the model and embedding the passages once (what `quarry embed` costs a user), and
/// passages per second once warm.
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

    @Option(name: .long, help: EncoderPrecision.optionHelp)
    var encoderPrecision: EncoderPrecision?

    @Option(name: .long, help: "A Python with sentence-transformers; runs Benchmarks/peer_models.py in the same run.")
    var peerPython: String?

    func run() async throws {
        let texts = try Corpus.passages(corpus, limit: passages)
        let precision = try encoderPrecision ?? EncoderPrecision.resolve()
        let clock = ContinuousClock()
        let loadStart = clock.now
        let embedder = try LocalBertEmbedder(batchSize: batchSize, precision: precision)
        let loadSeconds = (clock.now - loadStart).seconds
        _ = try await embedder.embed(texts)
        let wallSeconds = (clock.now - loadStart).seconds
        let start = clock.now
        _ = try await embedder.embed(texts)
        let seconds = (clock.now - start).seconds
        let quarry: [String: Double] = [
            "passages_per_second": Double(texts.count) / seconds, "passages": Double(texts.count), "seconds": seconds,
            "load_seconds": loadSeconds, "wall_seconds": wallSeconds,
        ]
        var report: [String: [String: Double]] = ["quarry": quarry]
        if let peerPython {
            let peer = try PeerRunner.run(python: peerPython, arguments: ["embed", "--corpus", corpus, "--passages", String(passages), "--batch-size", String(batchSize)])
            report["peer"] = peer
            var ratio: [String: Double] = [:]
            if let theirs = peer["passages_per_second"], theirs > 0 {
                ratio["passages_per_second"] = quarry["passages_per_second"]! / theirs
            }
            // Wall time ratio as a speed-up: their seconds over ours.
            if let theirs = peer["wall_seconds"], theirs > 0 { ratio["wall_speedup"] = theirs / wallSeconds }
            report["ratio"] = ratio
        }
        var hardware = HardwareReport.current
        hardware.kernels.encoder.precision = precision.rawValue
        if global.json {
            try Output.json(BenchReport(figures: report, hardware: hardware))
        } else {
            print(hardware.summary)
            print("quarry (\(precision.rawValue)): "
                + String(format: "%.1f passages/s warm; load %.2f s, load + embed %.2f s",
                         quarry["passages_per_second"]!, loadSeconds, wallSeconds)
                + " (\(texts.count) passages, batch \(batchSize))")
            if let peer = report["peer"], let theirs = peer["passages_per_second"] {
                print(String(format: "sentence-transformers: %.1f passages/s warm; load + embed %.2f s", theirs,
                              peer["wall_seconds"] ?? .nan))
            }
            if let ratio = report["ratio"]?["passages_per_second"] {
                print(String(format: "ratio to sentence-transformers: %.2f× warm", ratio))
            }
            if let ratio = report["ratio"]?["wall_speedup"] {
                print(String(format: "ratio to sentence-transformers: %.2f× wall (load + embed)", ratio))
            }
        }
    }
}
