import Chunking
import Embedding
import Foundation
import Models
import QuarryCore
import Synchronization

/// The models a chunker runs with: SmolLM2's tokenizer (sizes in the generator's tokens),
/// the decoder (perplexity and margin chunking), the embedder (semantic chunking), and
/// the meter that times the decoder and reports its progress.
public struct ChunkingModels: Sendable {
    /// Counts and cuts tokens; nil counts approximately.
    public var tokenizer: DecoderTextTokenizer?
    public var decoder: LlamaDecoder?
    public var embedder: (any Embedder)?
    public var meter: ScoringMeter
    /// The longest the decoder may take over one document before it is packed by sentences.
    public var secondsPerDocument: Double
    /// Where the perplexity chunker keeps the decoder's scores for reuse
    /// (``CachedTokenScorer``); nil scores afresh. `load` takes it from `QUARRY_SCORE_CACHE`.
    public var scoreCache: URL?

    /// Bundles models already loaded.
    public init(
        tokenizer: DecoderTextTokenizer? = nil, decoder: LlamaDecoder? = nil, embedder: (any Embedder)? = nil,
        meter: ScoringMeter = .init(), secondsPerDocument: Double = 600
    ) {
        self.tokenizer = tokenizer ?? decoder.map { DecoderTextTokenizer($0.tokenizer) }
        self.decoder = decoder
        self.embedder = embedder
        self.meter = meter
        self.secondsPerDocument = secondsPerDocument
    }

    /// Loads what `chunker` needs from the model cache: the decoder for the language-model
    /// chunkers (the one the query side uses when it is loaded: ``SharedDecoders``), otherwise only its tokenizer (the GGUF file is memory-mapped, its weights
    /// untouched); `embedder` (or MiniLM, loaded here) for the semantic chunker. Without the
    /// SmolLM2 file, the sentence and fixed chunkers count approximately and say so once
    /// through `note`; the others throw.
    public static func load(
        for chunker: ChunkerKind, embedder: (any Embedder)?, locator: ModelLocator = ModelLocator(),
        meter: ScoringMeter = .init(), secondsPerDocument: Double = 600, note: (String) -> Void = { _ in }
    ) throws -> ChunkingModels {
        var models = ChunkingModels(meter: meter, secondsPerDocument: secondsPerDocument)
        if chunker.usesLanguageModel {
            models = ChunkingModels(
                decoder: try SharedDecoders.shared.decoder(at: locator.requireDecoderFile()), meter: meter,
                secondsPerDocument: secondsPerDocument
            )
            models.scoreCache = ProcessInfo.processInfo.environment["QUARRY_SCORE_CACHE"].map {
                URL(fileURLWithPath: $0, isDirectory: true)
            }
        } else if FileManager.default.fileExists(atPath: locator.decoderFile) {
            models.tokenizer = try TokenizerCache.shared.tokenizer(at: locator.decoderFile)
        } else if chunker == .semantic {
            _ = try locator.requireDecoderFile()
        } else {
            note("note: \(locator.decoderFile) is missing, so chunk sizes are approximate token counts; "
                + "run Deploy/setup.sh for SmolLM2's tokenizer")
        }
        if chunker == .semantic {
            models.embedder = try embedder ?? LocalBertEmbedder(locator: locator)
        }
        return models
    }

    /// The tokenizer and decoder, or an error saying how to get them.
    func requireDecoder(for chunker: ChunkerKind) throws -> (DecoderTextTokenizer, LlamaDecoder) {
        guard let decoder, let tokenizer else {
            throw QuarryError(.invalidInput, "the \(chunker.rawValue) chunker needs SmolLM2 (the in-process language "
                + "model); run Deploy/setup.sh to fetch it, or use --chunker sentence")
        }
        return (tokenizer, decoder)
    }

    /// Names the token counter in the index's source keys (nil: approximate).
    var tokenizerName: String? { tokenizer == nil ? nil : "smollm2-bpe" }
}

/// SmolLM2's tokenizer, read once per process and file: building its vocabulary and
/// merge tables takes longer than indexing a small file, and a server or a test makes
/// an ingest pipeline per upload.
final class TokenizerCache: Sendable {
    static let shared = TokenizerCache()
    private let loaded = Mutex<[String: DecoderTextTokenizer]>([:])
    /// Words whose ids the chunkers' tokenizer keeps: a large corpus's running text holds
    /// tens of thousands of distinct words (40,000 in `Benchmarks/scale-corpus.py`'s), and
    /// at the default 10,000 the oldest-first cache kept merging them again. About 10 MB
    /// when full.
    static let wordCacheCapacity = 65_536

    /// The tokenizer of the GGUF file at `path`.
    func tokenizer(at path: String) throws -> DecoderTextTokenizer {
        try loaded.withLock { loaded in
            if let tokenizer = loaded[path] { return tokenizer }
            let tokenizer = DecoderTextTokenizer(
                try ByteLevelBPETokenizer(gguf: try GGUFFile(path: path)).withWordCache(capacity: Self.wordCacheCapacity)
            )
            loaded[path] = tokenizer
            return tokenizer
        }
    }
}
