import ArgumentParser
import Pipeline

/// The chunking options `index`, `chunk` and `eval` share.
struct ChunkingOptions: ParsableArguments {
    @Option(help: "How to cut documents into chunks: \(ChunkerKind.allCases.map(\.rawValue).joined(separator: "|")).")
    var chunker: ChunkerKind = .sentence

    @Option(name: .customLong("target-size"), help: "Target chunk size in SmolLM2 tokens.")
    var targetSize: Int = 200

    @Option(help: "Perplexity chunker: the least drop of mean surprisal (nats) into a sentence that makes it close a chunk.")
    var threshold: Double = 0.5

    @Option(name: .customLong("scoring-window"), help: "Perplexity chunker: tokens per language-model pass (each sentence sees up to this much text before it).")
    var scoringWindow: Int = 1024

    @Option(help: "Semantic chunker: the percentile of sentence-to-sentence embedding distances at which it cuts.")
    var percentile: Double = 95

    @Option(name: .customLong("lm-seconds-per-document"), help: "The longest the language model may take over one document; a longer one is chunked by sentences, with a warning.")
    var secondsPerDocument: Double = 600

    /// The index settings these options describe.
    func settings() throws -> IndexSettings {
        guard secondsPerDocument > 0 else { throw ValidationError("--lm-seconds-per-document must be positive") }
        return IndexSettings(
            chunker: chunker, targetTokens: targetSize, perplexityThreshold: threshold, scoringWindow: scoringWindow,
            semanticPercentile: percentile
        )
    }
}

extension ChunkerKind: ExpressibleByArgument {}
