import ArgumentParser
import Foundation
import Models
import QuarryCore

/// `quarry bench tokenize`: SmolLM2's byte-level BPE over a long text (the first
/// `--passages` passages of a BEIR corpus), in tokens per second: with an empty word cache
/// (cold: the first text a process tokenizes), warm (the same text again), and with no
/// cache; beside Hugging Face tokenizers and llama.cpp on the same text when
/// `--peer-python` is given (Benchmarks/peer_tokenize.py, which also checks their ids
/// against Quarry's).
struct BenchTokenizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Tokenizer speed on a long text, cold and warm, beside Hugging Face tokenizers and llama.cpp."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A BEIR corpus.jsonl whose first passages give the text.")
    var corpus = "../shared/datasets/scifact/corpus.jsonl"

    @Option(name: .long, help: "Passages of the corpus to tokenize, joined by newlines.")
    var passages = 1000

    @Option(name: .long, help: "Timed runs of each case (the median is reported).")
    var runs = 5

    @Option(name: .long, help: "A Python with tokenizers, gguf and llama-cpp-python; runs Benchmarks/peer_tokenize.py.")
    var peerPython: String?

    func run() async throws {
        guard (1...100_000).contains(passages), (1...1000).contains(runs) else {
            throw ValidationError("--passages 1…100000 and --runs 1…1000")
        }
        let decoder = try DecoderLoader.load(nil)
        let text = try Corpus.passages(corpus, limit: passages).joined(separator: "\n")
        let base = decoder.tokenizer
        let ids = base.withWordCache(capacity: 0).encode(text)
        func median(_ tokenizer: () -> ByteLevelBPETokenizer, warmUp: Bool) -> Double {
            var seconds: [Double] = []
            let clock = ContinuousClock()
            for _ in 0..<runs {
                let tokenizer = tokenizer()
                if warmUp { _ = tokenizer.encode(text) }
                let start = clock.now
                _ = tokenizer.encode(text)
                seconds.append((clock.now - start).seconds)
            }
            return seconds.sorted()[seconds.count / 2]
        }
        let capacity = ByteLevelBPETokenizer.defaultWordCacheCapacity
        let cold = median({ base.withWordCache(capacity: capacity) }, warmUp: false)
        let warm = median({ base.withWordCache(capacity: capacity) }, warmUp: true)
        let uncached = median({ base.withWordCache(capacity: 0) }, warmUp: false)
        let quarry: [String: Double] = [
            "tokens": Double(ids.count), "bytes": Double(text.utf8.count),
            "cold_tokens_per_second": Double(ids.count) / cold,
            "warm_tokens_per_second": Double(ids.count) / warm,
            "no_cache_tokens_per_second": Double(ids.count) / uncached,
        ]
        var report: [String: [String: Double]] = ["quarry": quarry]
        if let peerPython {
            let folder = FileManager.default.temporaryDirectory
            let textFile = folder.appendingPathComponent("quarry-tokenize-text-\(getpid()).txt")
            let idsFile = folder.appendingPathComponent("quarry-tokenize-ids-\(getpid()).json")
            try Data(text.utf8).write(to: textFile)
            try JSONSerialization.data(withJSONObject: ids).write(to: idsFile)
            defer {
                try? FileManager.default.removeItem(at: textFile)
                try? FileManager.default.removeItem(at: idsFile)
            }
            let peer = try PeerRunner.run(
                python: peerPython, script: "Benchmarks/peer_tokenize.py",
                arguments: [textFile.path, "--ids", idsFile.path, "--runs", String(runs)]
            )
            report["peer"] = peer
            var ratio: [String: Double] = [:]
            for (ours, theirs) in [("cold", "hf_cold"), ("warm", "hf_warm"), ("cold", "llama_cpp")] {
                if let peerRate = peer["\(theirs)_tokens_per_second"], peerRate > 0 {
                    ratio["\(ours)_vs_\(theirs)"] = quarry["\(ours)_tokens_per_second"]! / peerRate
                }
            }
            report["ratio"] = ratio
        }
        if global.json {
            try Output.json(BenchReport(figures: report))
        } else {
            print(HardwareReport.current.summary)
            for (group, figures) in report.sorted(by: { $0.key < $1.key }) {
                for (key, value) in figures.sorted(by: { $0.key < $1.key }) {
                    print("\(group) \(key): \(String(format: "%.2f", value))")
                }
            }
        }
    }
}
