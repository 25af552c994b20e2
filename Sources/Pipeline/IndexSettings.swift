import QuarryCore
import Chunking
import Foundation
import SparseIndex

/// How an index chunks and scores text. Stored in the index file; a change of chunking
/// re-indexes every file on the next `quarry index`.
public struct IndexSettings: Sendable, Equatable, Codable {
    /// The chunker: `sentence` (default), `fixed`, `perplexity`, `margin` or `semantic`.
    public var chunker: ChunkerKind
    /// Target chunk size in tokens.
    public var targetTokens: Int
    public var bm25: BM25Parameters
    /// The dense index's factory string (`Flat`, `IVF256,PQ48,RFlat`, …); nil picks one
    /// by collection size.
    public var denseSpec: String?
    /// The perplexity chunker's boundary threshold θ, in nats.
    public var perplexityThreshold: Double
    /// Tokens per LM call of the perplexity chunker (each sentence is read with up to
    /// this much text before it).
    public var scoringWindow: Int
    /// The semantic chunker's breakpoint percentile.
    public var semanticPercentile: Double

    public init(
        chunker: ChunkerKind = .sentence, targetTokens: Int = 200, bm25: BM25Parameters = .init(),
        denseSpec: String? = nil, perplexityThreshold: Double = 0.5, scoringWindow: Int = 1024,
        semanticPercentile: Double = 95
    ) {
        self.chunker = chunker
        self.targetTokens = targetTokens
        self.bm25 = bm25
        self.denseSpec = denseSpec
        self.perplexityThreshold = perplexityThreshold
        self.scoringWindow = scoringWindow
        self.semanticPercentile = semanticPercentile
    }

    /// Reads settings stored by any Quarry version: keys added later take their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = IndexSettings()
        chunker = try container.decode(ChunkerKind.self, forKey: .chunker)
        targetTokens = try container.decode(Int.self, forKey: .targetTokens)
        bm25 = try container.decodeIfPresent(BM25Parameters.self, forKey: .bm25) ?? defaults.bm25
        denseSpec = try container.decodeIfPresent(String.self, forKey: .denseSpec)
        perplexityThreshold = try container.decodeIfPresent(Double.self, forKey: .perplexityThreshold)
            ?? defaults.perplexityThreshold
        scoringWindow = try container.decodeIfPresent(Int.self, forKey: .scoringWindow) ?? defaults.scoringWindow
        semanticPercentile = try container.decodeIfPresent(Double.self, forKey: .semanticPercentile)
            ?? defaults.semanticPercentile
    }

    /// The key stored with each source: files chunked, counted or embedded under other
    /// settings are re-indexed. `tokenizer` names the token counter (nil: the approximate one).
    func sourceKey(embedder: String?, tokenizer: String?) -> String {
        var key = "\(chunker.rawValue):\(targetTokens)"
        switch chunker {
        case .perplexity: key += String(format: ":theta=%g:window=%d", perplexityThreshold, scoringWindow)
        case .semantic: key += String(format: ":percentile=%g", semanticPercentile)
        case .sentence, .fixed, .margin: break
        }
        if let tokenizer { key += ":tokens=" + tokenizer }
        return key + (embedder.map { ":" + $0 } ?? "")
    }

    /// Checks the settings a user gave, naming the option at fault.
    func validate() throws {
        guard (16...8192).contains(targetTokens) else {
            throw QuarryError(.invalidInput, "--target-size must be between 16 and 8192 tokens (got \(targetTokens))")
        }
        guard perplexityThreshold.isFinite, perplexityThreshold >= 0 else {
            throw QuarryError(.invalidInput, "--threshold must be a number of nats ≥ 0 (got \(perplexityThreshold))")
        }
        guard (64...8192).contains(scoringWindow) else {
            throw QuarryError(.invalidInput, "--scoring-window must be between 64 and 8192 tokens (got \(scoringWindow))")
        }
        guard (0...100).contains(semanticPercentile) else {
            throw QuarryError(.invalidInput, "--percentile must be between 0 and 100 (got \(semanticPercentile))")
        }
    }

    /// Builds the configured chunker with the models in `models`: sizes are counted by
    /// `models.tokenizer` (the generator's tokens) when it is there, else approximately.
    /// - Throws: `QuarryError` for settings out of range or a chunker whose model is missing.
    public func makeChunker(models: ChunkingModels = .init()) throws -> any Chunker {
        try validate()
        let counter: any TokenCounter = models.tokenizer ?? ApproximateTokenCounter()
        switch chunker {
        case .sentence:
            return SentenceChunker(targetTokens: targetTokens, counter: counter)
        case .fixed:
            return FixedTokenChunker(targetTokens: targetTokens, counter: counter)
        case .perplexity:
            let (tokenizer, decoder) = try models.requireDecoder(for: chunker)
            var scorer: any CausalTokenScorer = DecoderTokenScorer(decoder: decoder)
            if let folder = models.scoreCache {
                scorer = try CachedTokenScorer(scorer, folder: folder, model: decoder.path)
            }
            return PerplexityChunker(
                targetTokens: targetTokens, tokenizer: tokenizer, scorer: scorer,
                rule: PerplexityBoundaryRule(threshold: perplexityThreshold),
                windowing: WindowedSurprisal(window: scoringWindow, overlap: max(1, scoringWindow / 8)),
                secondsPerDocument: models.secondsPerDocument, meter: models.meter
            )
        case .margin:
            let (tokenizer, decoder) = try models.requireDecoder(for: chunker)
            return MarginSamplingChunker(
                targetTokens: targetTokens, tokenizer: tokenizer, model: DecoderChoiceModel(decoder: decoder),
                meter: models.meter
            )
        case .semantic:
            guard let tokenizer = models.tokenizer, let embedder = models.embedder else {
                throw QuarryError(.invalidInput, "the semantic chunker needs the MiniLM embedder and SmolLM2's tokenizer; "
                    + "run Deploy/setup.sh to fetch the models, or use --chunker sentence")
            }
            return SemanticChunker(
                targetTokens: targetTokens, tokenizer: tokenizer, embedder: EmbedderSentenceEmbedder(embedder),
                breakpointPercentile: semanticPercentile
            )
        }
    }
}

/// The chunkers a user can name on the command line.
public enum ChunkerKind: String, Sendable, Codable, CaseIterable {
    case perplexity, sentence, fixed, semantic, margin

    /// Whether the chunker runs the causal language model.
    public var usesLanguageModel: Bool { self == .perplexity || self == .margin }
}
