import ArgumentParser
import CQuantKernels
import Embedding
import Foundation
import Models
import QuarryCore

/// `quarry bench lm`: SmolLM2 prompt scoring (all logits) and greedy generation speed,
/// and resident memory with both models loaded, beside llama.cpp when `--peer-python`
/// names a Python that has llama-cpp-python.
struct BenchLMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lm",
        abstract: "Decoder speed: scoring N tokens with all logits and greedy generation, beside llama.cpp."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A BEIR corpus.jsonl whose first long passages give the text to score.")
    var corpus = "../shared/datasets/scifact/corpus.jsonl"

    @Option(name: .long, help: "Tokens to score in one batch with all logits.")
    var tokens = 512

    @Option(name: .long, help: "Tokens to generate greedily after \"The history of Paris\" (past any end token).")
    var generate = 128

    @Option(name: .long, help: "A Python with llama-cpp-python; runs Benchmarks/peer_models.py in the same run.")
    var peerPython: String?

    @Option(name: .long, help: ArgumentHelp(
        "Run the quantised kernels on this path: scalar, avx2, avx512bw or avx512vnni.",
        discussion: "Default: the best this CPU has."))
    var quantizedPath: String?

    func run() async throws {
        if let quantizedPath { try Self.force(quantizedPath) }
        let decoder = try DecoderLoader.load(nil)
        let embedder = try LocalBertEmbedder()
        _ = try await embedder.embed(["warm up the encoder so its memory counts"])
        let text = try Corpus.passages(corpus, limit: 50).joined(separator: "\n")
        let ids = Array(decoder.tokenizer.encode(text).prefix(tokens))
        guard ids.count == tokens else { throw ValidationError("--corpus \(corpus) has fewer than \(tokens) tokens in its first 50 passages") }
        _ = try decoder.score(Array(ids.prefix(64)))
        let clock = ContinuousClock()
        var start = clock.now
        _ = try decoder.score(ids)
        let scoreSeconds = (clock.now - start).seconds
        let prompt = decoder.tokenizer.encode("The history of Paris")
        start = clock.now
        let generated = try decoder.generate(prompt: prompt, maxTokens: generate, stopAtEndToken: false)
        let generateSeconds = (clock.now - start).seconds
        let quarry: [String: Double] = [
            "score_tokens_per_second": Double(ids.count) / scoreSeconds,
            "generate_tokens_per_second": Double(generated.count) / generateSeconds,
            "generated_tokens": Double(generated.count),
            "resident_mb_both_models": ResidentMemory.megabytes(),
        ]
        var report: [String: [String: Double]] = ["quarry": quarry]
        if let peerPython {
            let peer = try PeerRunner.run(python: peerPython, arguments: ["lm", "--corpus", corpus, "--tokens", String(tokens), "--generate", String(generate)])
            report["peer"] = peer
            var ratio: [String: Double] = [:]
            for key in ["score_tokens_per_second", "generate_tokens_per_second"] {
                if let theirs = peer[key], theirs > 0, let ours = quarry[key] { ratio[key] = ours / theirs }
            }
            report["ratio"] = ratio
        }
        if global.json {
            try Output.json(BenchReport(figures: report))
        } else {
            print(HardwareReport.current.summary)
            for (key, value) in quarry.sorted(by: { $0.key < $1.key }) { print("quarry \(key): \(String(format: "%.1f", value))") }
            for (key, value) in (report["ratio"] ?? [:]).sorted(by: { $0.key < $1.key }) { print("ratio \(key): \(String(format: "%.2f", value))×") }
        }
    }

    /// Forces the quantised kernels onto the path named `name`; throws when it is not a
    /// path or this CPU cannot run it.
    static func force(_ name: String) throws {
        let paths = [CQK_PATH_SCALAR, CQK_PATH_AVX2, CQK_PATH_AVX512BW, CQK_PATH_AVX512VNNI]
        guard let path = paths.first(where: { String(cString: cqk_path_name($0)) == name }) else {
            let names = paths.map { String(cString: cqk_path_name($0)) }
            throw ValidationError("--quantized-path \(name) is not one of \(names)")
        }
        guard cqk_force_path(Int32(path.rawValue)) == 1 else {
            throw ValidationError("--quantized-path \(name): this CPU lacks the instructions it needs")
        }
    }
}
