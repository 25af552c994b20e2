import ArgumentParser
import Compression
import Foundation
import Models
import QuarryCore

/// `quarry bench compress`: the cost of compressing a selected context of `--tokens`
/// generator tokens: with stored surprisal (no LM pass; milliseconds; warm: its chunks'
/// tokens cached by an earlier question, cold: tokenized afresh, first: tokenized afresh
/// with an empty BPE word cache), with a live
/// question-conditioned pass (LLMLingua), and with the contrastive variant, beside
/// llama.cpp's prompt evaluation of the same token ids when `--peer-python` is given.
struct BenchCompressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Compression speed: stored-surprisal and live LLMLingua passes over one context, beside llama.cpp."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A BEIR corpus.jsonl whose first passages give the context.")
    var corpus = "../shared/datasets/covidqa-dev/corpus.jsonl"

    @Option(name: .long, help: "Context size in generator tokens.")
    var tokens = 1024

    @Option(name: .long, help: "Tokens per context passage (the selected chunks).")
    var passageTokens = 200

    @Option(name: .long, help: "Compression rate (3 keeps a third).")
    var rate = 3.0

    @Option(name: .long, help: "The question the live pass is conditioned on.")
    var question = "What is the incubation period of the virus?"

    @Option(name: .long, help: "Timed runs of the stored-surprisal compressor (the median is reported).")
    var runs = 50

    @Option(name: .long, help: "A Python with llama-cpp-python; runs Benchmarks/peer_compress.py on the same token ids.")
    var peerPython: String?

    func run() async throws {
        guard (64...8000).contains(tokens), (16...4000).contains(passageTokens), (1...100).contains(rate), (1...10_000).contains(runs) else {
            throw ValidationError("--tokens 64…8000, --passage-tokens 16…4000, --rate 1…100 and --runs 1…10000")
        }
        let decoder = try DecoderLoader.load(nil)
        let passages = try contextPassages(decoder.tokenizer)
        let original = passages.reduce(0) { $0 + $1.tokens }
        let clock = ContinuousClock()

        var start = clock.now
        var stored: [Int64: TokenSurprisal] = [:]
        for passage in passages { stored[passage.chunk.chunkID] = try ChunkSurprisal.compute(passage.text, decoder: decoder) }
        let ingestSeconds = (clock.now - start).seconds
        let source = InMemorySurprisalSource(stored)
        let storedCompressor = PromptCompressor(
            name: "stored", target: .rate(rate), tokenizer: decoder.tokenizer,
            scorer: StoredSurprisalScorer(source: source, decoder: nil)
        )
        var storedMs: [Double] = []
        var compressedTokens = 0
        for _ in 0..<runs {
            start = clock.now
            let output = try await storedCompressor.compress(question: question, passages: passages)
            storedMs.append((clock.now - start).seconds * 1000)
            compressedTokens = output.reduce(0) { $0 + $1.tokens }
        }
        storedMs.sort()
        // Cold: a fresh tokenization cache each run, as for chunks no question has brought yet,
        // with the tokenizer's word cache as the process left it; first: its word cache
        // emptied too, as for the first texts a process tokenizes.
        var coldMs: [Double] = [], firstMs: [Double] = []
        for _ in 0..<runs {
            let fresh = decoder.tokenizer.withWordCache(capacity: ByteLevelBPETokenizer.defaultWordCacheCapacity)
            for (tokenizer, isFirst) in [(decoder.tokenizer, false), (fresh, true)] {
                let cold = PromptCompressor(
                    name: "stored", target: .rate(rate), tokenizer: tokenizer,
                    scorer: StoredSurprisalScorer(source: source, decoder: nil)
                )
                start = clock.now
                _ = try await cold.compress(question: question, passages: passages)
                let ms = (clock.now - start).seconds * 1000
                if isFirst { firstMs.append(ms) } else { coldMs.append(ms) }
            }
        }
        coldMs.sort()
        firstMs.sort()

        var quarry: [String: Double] = [
            "original_tokens": Double(original), "compressed_tokens": Double(compressedTokens),
            "stored_ms_median": storedMs[storedMs.count / 2], "stored_ms_min": storedMs[0],
            "stored_cold_ms_median": coldMs[coldMs.count / 2], "stored_cold_ms_min": coldMs[0],
            "stored_first_ms_median": firstMs[firstMs.count / 2], "stored_first_ms_min": firstMs[0],
            "ingest_surprisal_seconds": ingestSeconds,
        ]
        let live = LiveSurprisalScorer(decoder: decoder)
        let contrastive = LiveSurprisalScorer(decoder: decoder, contrast: StoredSurprisalScorer(source: source, decoder: nil))
        for (key, scorer) in [("live", live), ("contrastive", contrastive)] {
            let compressor = PromptCompressor(name: key, target: .rate(rate), tokenizer: decoder.tokenizer, scorer: scorer)
            _ = try await compressor.compress(question: question, passages: Array(passages.prefix(1)))
            start = clock.now
            _ = try await compressor.compress(question: question, passages: passages)
            let seconds = (clock.now - start).seconds
            quarry["\(key)_ms"] = seconds * 1000
            quarry["\(key)_tokens_per_second"] = Double(original) / seconds
        }
        var report: [String: [String: Double]] = ["quarry": quarry]
        if let peerPython {
            let prefix = decoder.tokenizer.encode("Question: " + question + "\nContext:\n")
            let separator = decoder.tokenizer.encode("\n\n")
            var ids = prefix
            for (i, passage) in passages.enumerated() { ids += (i > 0 ? separator : []) + decoder.tokenizer.encode(passage.text) }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-compress-ids-\(getpid()).json")
            try JSONSerialization.data(withJSONObject: ids).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let peer = try PeerRunner.run(python: peerPython, script: "Benchmarks/peer_compress.py", arguments: [file.path])
            report["peer"] = peer
            if let theirs = peer["prompt_eval_tokens_per_second"], theirs > 0 {
                report["ratio"] = [
                    "live_tokens_per_second": quarry["live_tokens_per_second"]! / theirs,
                    "contrastive_tokens_per_second": quarry["contrastive_tokens_per_second"]! / theirs,
                ]
            }
        }
        if global.json {
            try Output.json(BenchReport(figures: report))
        } else {
            print(HardwareReport.current.summary)
            for (group, figures) in report.sorted(by: { $0.key < $1.key }) {
                for (key, value) in figures.sorted(by: { $0.key < $1.key }) { print("\(group) \(key): \(String(format: "%.2f", value))") }
            }
        }
    }

    /// The corpus's first passages cut into context passages of about `passageTokens`
    /// generator tokens, `tokens` in all (cuts fall on character boundaries).
    private func contextPassages(_ tokenizer: ByteLevelBPETokenizer) throws -> [ContextPassage] {
        let text = try Corpus.passages(corpus, limit: 200).joined(separator: "\n")
        let bytes = Array(text.utf8)
        let ids = tokenizer.encode(text)
        guard ids.count >= tokens else { throw ValidationError("--corpus \(corpus) has fewer than \(tokens) tokens in its first 200 passages") }
        var starts: [Int] = []
        var offset = 0
        for id in ids {
            starts.append(offset)
            offset += tokenizer.byteCount(of: id)
        }
        var passages: [ContextPassage] = []
        var first = 0
        while first < tokens {
            var last = min(tokens, first + passageTokens)
            while last < ids.count, bytes[starts[last]] & 0xC0 == 0x80 { last += 1 }
            let range = starts[first]..<(last < ids.count ? starts[last] : bytes.count)
            let chunkText = String(decoding: bytes[range], as: UTF8.self)
            let chunk = RetrievedChunk(
                chunkID: Int64(passages.count + 1), document: corpus, title: nil, byteStart: range.lowerBound,
                byteEnd: range.upperBound, text: chunkText, tokens: last - first, score: 1, rank: passages.count + 1
            )
            passages.append(ContextPassage(chunk))
            first = last
        }
        return passages
    }
}
