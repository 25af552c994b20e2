import Foundation

/// Meta-Chunking's perplexity chunker: sentences whose mean surprisal under a small causal
/// LM is a local minimum close their chunk, then chunks merge up to the target size.
///
/// The document is split into sentences and tokenized sentence by sentence (each with the
/// whitespace before it, no BOS); the LM scores the whole token sequence in overlapping
/// windows (``WindowedSurprisal``), so each sentence is read in the context of the text
/// before it. A sentence's score is the mean surprisal of its tokens (the document's first
/// token has no prediction and is skipped). ``PerplexityBoundaryRule`` marks boundaries;
/// ``MetaChunkMerger`` cuts oversized meta-chunks at the largest rise of surprisal and
/// merges small ones. Sentences over the target are cut into pieces, never truncated.
/// Chunk sizes are the tokenizer's exact counts, and each chunk keeps its tokens'
/// surprisal for compression at query time.
///
/// A document that fits in one chunk needs no boundary and is not scored (unless
/// `scoresSingleChunkDocuments`), so it carries no surprisal. A document the meter
/// foresees taking longer than `secondsPerDocument` is packed by sentences instead, with
/// a warning. Deterministic for a deterministic scorer.
public struct PerplexityChunker: Chunker {
    /// The most tokens a chunk may hold, in the tokenizer's tokens.
    public var targetTokens: Int
    public var tokenizer: any TextTokenizer
    public var scorer: any CausalTokenScorer
    public var rule: PerplexityBoundaryRule
    public var windowing: WindowedSurprisal
    /// The longest the LM may take over one document before it is packed by sentences.
    public var secondsPerDocument: Double
    /// Whether a document that fits in one chunk is still scored, for its surprisal.
    public var scoresSingleChunkDocuments: Bool
    public var meter: ScoringMeter

    /// Creates the chunker; see the type's documentation for each setting.
    public init(
        targetTokens: Int = 200, tokenizer: any TextTokenizer, scorer: any CausalTokenScorer,
        rule: PerplexityBoundaryRule = .init(), windowing: WindowedSurprisal = .init(),
        secondsPerDocument: Double = 600, scoresSingleChunkDocuments: Bool = false, meter: ScoringMeter = .init()
    ) {
        self.targetTokens = targetTokens
        self.tokenizer = tokenizer
        self.scorer = scorer
        self.rule = rule
        self.windowing = windowing
        self.secondsPerDocument = secondsPerDocument
        self.scoresSingleChunkDocuments = scoresSingleChunkDocuments
        self.meter = meter
    }

    /// The chunks of `text` in order.
    /// - Throws: ``ChunkingError`` when `targetTokens` is below 1, or what the scorer throws.
    public func chunk(_ text: String) throws -> [Chunk] {
        let assembler = try ChunkAssembler(text: text, tokenizer: tokenizer, targetTokens: targetTokens)
        let document = assembler.document
        let units = document.units
        guard !units.isEmpty else { return [] }
        let sizes = units.map(\.tokens.count)
        let merger = MetaChunkMerger(targetTokens: targetTokens)
        if document.tokenIDs.count <= targetTokens && !scoresSingleChunkDocuments { return assembler.wholeDocument }
        let foreseen = Double(document.tokenIDs.count) / meter.tokensPerSecond
        if foreseen > secondsPerDocument {
            meter.warn(String(format: "a document of %d tokens would take the language model about %.0f s, more "
                + "than the %.0f s budget; packed by sentences instead", document.tokenIDs.count, foreseen,
                secondsPerDocument))
            let closes = [Bool](repeating: true, count: units.count)
            return assembler.chunks(merger.merge(sizes: sizes, closes: closes, strength: sizes.map { _ in 0 }),
                                    surprisal: nil)
        }
        var nats = try windowing.surprisal(of: document.tokenIDs, scorer: MeteredScorer(scorer: scorer, meter: meter))
        let scores = Self.unitScores(units, nats: nats)
        if let first = nats.indices.first, nats[first].isNaN { nats[first] = Float(scores[0]) }
        let closes = rule.boundaries(scores)
        let strength = scores.indices.map { $0 + 1 < scores.count ? scores[$0 + 1] - scores[$0] : 0 }
        return assembler.chunks(merger.merge(sizes: sizes, closes: closes, strength: strength), surprisal: nats)
    }

    /// Each unit's mean surprisal over its scored tokens; a unit with none (the document's
    /// first, when it is one token long) gets the mean of all units that have some.
    static func unitScores(_ units: [TextUnit], nats: [Float]) -> [Double] {
        var scores = units.map { unit -> Double in
            var sum = 0.0, count = 0
            for token in unit.tokens where !nats[token].isNaN {
                sum += Double(nats[token])
                count += 1
            }
            return count > 0 ? sum / Double(count) : .nan
        }
        let known = scores.filter { !$0.isNaN }
        let fill = known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
        for index in scores.indices where scores[index].isNaN { scores[index] = fill }
        return scores
    }
}
