import QuarryCore

/// The embedding-similarity baseline: a cut where consecutive sentences' embeddings
/// diverge most.
///
/// Sentences (pieces of over-long ones) are embedded; the distance after sentence i is
/// 1 − cos(eᵢ, eᵢ₊₁). Distances at or above the `breakpointPercentile`-th percentile of
/// the document's distances close a chunk (LangChain's `SemanticChunker` rule, 95 by
/// default); ``MetaChunkMerger`` then cuts pieces over the target at their largest
/// distances and merges small ones. Sizes are the tokenizer's exact counts.
public struct SemanticChunker: Chunker {
    /// The most tokens a chunk may hold, in the tokenizer's tokens.
    public var targetTokens: Int
    public var tokenizer: any TextTokenizer
    public var embedder: any SentenceEmbedder
    /// The percentile (0–100) of distances at or above which a cut is made.
    public var breakpointPercentile: Double
    /// Sentences per embedding call.
    public var batchSize = 64

    /// Creates the chunker; see the type's documentation for each setting.
    public init(
        targetTokens: Int = 200, tokenizer: any TextTokenizer, embedder: any SentenceEmbedder,
        breakpointPercentile: Double = 95
    ) {
        self.targetTokens = targetTokens
        self.tokenizer = tokenizer
        self.embedder = embedder
        self.breakpointPercentile = breakpointPercentile
    }

    /// The chunks of `text` in order.
    /// - Throws: ``ChunkingError`` for a target below 1 or a percentile outside 0–100, or
    ///   what the embedder throws.
    public func chunk(_ text: String) async throws -> [Chunk] {
        guard targetTokens >= 1 else { throw ChunkingError.invalidTarget(targetTokens) }
        guard (0...100).contains(breakpointPercentile) else {
            throw ChunkingError(reason: "the breakpoint percentile must be between 0 and 100, got \(breakpointPercentile)")
        }
        let assembler = try ChunkAssembler(text: text, tokenizer: tokenizer, targetTokens: targetTokens)
        let document = assembler.document
        let units = document.units
        guard !units.isEmpty else { return [] }
        if document.tokenIDs.count <= targetTokens { return assembler.wholeDocument }
        var vectors: [[Float]] = []
        let texts = units.map { String(document.text.slice(bytes: $0.textRange)) }
        for start in stride(from: 0, to: texts.count, by: max(1, batchSize)) {
            // A write that was cancelled (its client left) or ran out of time stops here.
            try CancellationSignal.checkCurrent()
            vectors += try await embedder.embed(Array(texts[start..<min(texts.count, start + max(1, batchSize))]))
        }
        guard vectors.count == units.count else {
            throw ChunkingError(reason: "the embedder gave \(vectors.count) vectors for \(units.count) sentences")
        }
        var distances = (0..<units.count).map { i in i + 1 < units.count ? 1 - Self.cosine(vectors[i], vectors[i + 1]) : 0 }
        let breakpoint = Self.percentile(Array(distances.dropLast()), breakpointPercentile)
        var closes = distances.map { $0 >= breakpoint }
        closes[closes.count - 1] = false
        distances[distances.count - 1] = 0
        let groups = MetaChunkMerger(targetTokens: targetTokens).merge(
            sizes: units.map(\.tokens.count), closes: closes, strength: distances
        )
        return assembler.chunks(groups, surprisal: nil)
    }

    /// cos(a, b); 0 when either is zero or their widths differ.
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count else { return 0 }
        var dot = 0.0, normA = 0.0, normB = 0.0
        for i in a.indices {
            dot += Double(a[i]) * Double(b[i])
            normA += Double(a[i]) * Double(a[i])
            normB += Double(b[i]) * Double(b[i])
        }
        return normA > 0 && normB > 0 ? dot / (normA.squareRoot() * normB.squareRoot()) : 0
    }

    /// The `p`-th percentile of `values` with linear interpolation (numpy's default);
    /// +∞ for no values, so nothing is cut.
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .infinity }
        let sorted = values.sorted()
        let position = p / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
