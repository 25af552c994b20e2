/// How the selected context is compressed when a ``CompressionTarget`` is given
/// (`--compression-method`): LLMLingua-style pruning by stored or live surprisal, or one
/// of the baselines it is measured against.
public enum CompressionMethod: String, Sendable, Codable, CaseIterable {
    /// Self-information stored at ingest (computed once per chunk when the index has none):
    /// no LM pass at query time once stored.
    case stored
    /// The same question-relevance and protection order with no LM at all: within a
    /// sentence, earlier words first. As good as `stored` on answer survival (measured),
    /// with no surprisal to compute.
    case lexical
    /// LLMLingua proper: a live pass conditioned on the question and the compressed prefix.
    case live
    /// LongLLMLingua's contrastive score: surprisal without the question minus with it.
    case contrastive
    /// Plain per-context truncation to the same keep-rate (baseline).
    case truncate
    /// Random token dropping to the same count (baseline).
    case random
}
