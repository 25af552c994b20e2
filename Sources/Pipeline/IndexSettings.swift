import QuarryCore
import Chunking
import SparseIndex

/// How an index chunks and scores text. Stored in the index file; a change of chunking
/// re-indexes every file on the next `quarry index`.
public struct IndexSettings: Sendable, Equatable, Codable {
    /// The chunker: `sentence` (default) or `fixed`.
    public var chunker: ChunkerKind
    /// Target chunk size in tokens.
    public var targetTokens: Int
    public var bm25: BM25Parameters
    /// The dense index's factory string (`Flat`, `IVF256,PQ48,RFlat`, …); nil picks one
    /// by collection size.
    public var denseSpec: String?

    public init(
        chunker: ChunkerKind = .sentence, targetTokens: Int = 200, bm25: BM25Parameters = .init(),
        denseSpec: String? = nil
    ) {
        self.chunker = chunker
        self.targetTokens = targetTokens
        self.bm25 = bm25
        self.denseSpec = denseSpec
    }

    /// The key stored with each source: files chunked or embedded under other settings
    /// are re-indexed.
    func sourceKey(embedder: String?) -> String {
        "\(chunker.rawValue):\(targetTokens)" + (embedder.map { ":" + $0 } ?? "")
    }

    /// Builds the configured chunker.
    public func makeChunker() throws -> any Chunker {
        guard (16...8192).contains(targetTokens) else {
            throw QuarryError(.invalidInput, "--target-size must be between 16 and 8192 tokens (got \(targetTokens))")
        }
        switch chunker {
        case .sentence:
            return SentenceChunker(targetTokens: targetTokens)
        case .fixed:
            return FixedTokenChunker(targetTokens: targetTokens)
        case .perplexity, .semantic:
            throw QuarryError(
                .invalidInput,
                "the \(chunker.rawValue) chunker needs the in-process language model, which this build "
                    + "does not have yet; use --chunker sentence or --chunker fixed"
            )
        }
    }
}

/// The chunkers a user can name on the command line.
public enum ChunkerKind: String, Sendable, Codable, CaseIterable {
    case perplexity, sentence, fixed, semantic
}
