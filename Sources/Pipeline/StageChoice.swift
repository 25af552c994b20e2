import QuarryCore

/// Which retriever, selector, compression and generator a question goes through: what `ask`,
/// `eval qa` and each `/v1/query` request name, and what ``PipelineFactory`` builds.
public struct StageChoice: Sendable, Equatable {
    /// The retriever for this question; nil: the one the index was opened with.
    public var retriever: RetrieverKind?
    public var selector: SelectorKind
    /// Whether and how much the selected context is compressed: `automatic` (the
    /// default) leaves it to ``PipelineFactory``'s ``CompressionPolicy``.
    public var compression: CompressionRequest
    /// How compression scores what it keeps (when `compression` is set). `lexical` by
    /// default: it kept as many answers as stored surprisal on all three QA sets (README)
    /// with no LM pass, where `stored` runs SmolLM2 over every chunk the index holds no
    /// surprisal for (the default sentence chunker stores none): seconds per question.
    public var compressionMethod: CompressionMethod
    public var generator: GeneratorKind

    public init(
        selector: SelectorKind = .topk, compression: CompressionRequest = .automatic,
        compressionMethod: CompressionMethod = .lexical,
        generator: GeneratorKind = .extractive, retriever: RetrieverKind? = nil
    ) {
        self.retriever = retriever
        self.selector = selector
        self.compression = compression
        self.compressionMethod = compressionMethod
        self.generator = generator
    }
}

/// The selectors a user can name (`--selector`, request field `selector`).
public enum SelectorKind: String, Sendable, Codable, CaseIterable {
    /// Greedy: the best-ranked chunks that fit the budget, in rank order.
    case topk
    /// CORAG: Monte Carlo tree search for the best-rewarded chunk combination that fits.
    case mcts
}

/// The generators a user can name (`--generator`, request field `generator`).
public enum GeneratorKind: String, Sendable, Codable, CaseIterable {
    /// No generator: the pipeline stops once the context is built (evaluation of the
    /// stages before generation).
    case none
    /// The best sentences of the context for the question, cited; no model needed.
    case extractive
    /// SmolLM2 (or another Llama-family GGUF) in this process.
    case local
    /// An OpenAI-compatible chat server (``PipelineFactory/openAI``).
    case openai
}
