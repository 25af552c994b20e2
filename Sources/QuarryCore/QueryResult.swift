/// The answer to one question with everything that led to it (the JSON of
/// `quarry ask --json` and `POST /v1/query`).
public struct QueryResult: Sendable, Codable, Equatable {
    public var question: String
    public var answer: String
    public var citations: [Citation]
    /// What is wrong with the answer's citations (empty when nothing is).
    public var citationFlags: [CitationFlag]
    /// Every chunk retrieval returned, best first.
    public var retrieved: [RetrievedChunk]
    /// The ids of the chunks handed to the generator, in context order.
    public var selected: [Int64]
    /// The same chunks with their tokens and, from selectors that measure it, what each
    /// adds to the selection's reward.
    public var selection: [SelectionEntry]
    /// Tokens of the selection before compression.
    public var selectedTokens: Int
    /// The compressor that ran, if any.
    public var compressor: String?
    /// Tokens of context handed to the generator (after compression, if any).
    public var contextTokens: Int
    public var selector: String
    public var generator: String
    /// The index generation every chunk was read at.
    public var indexGeneration: Int64
    public var timingsMs: StageTimings
    /// False when the index held nothing close enough to the question to answer it: the
    /// answer is then Quarry's "I found nothing…" and no generator ran.
    public var answerable: Bool
    /// The answer was cut by the token limit (`max_tokens`), not ended by the model.
    public var truncated: Bool
    /// The highest cosine similarity of the question's embedding to a chunk's (dense and
    /// hybrid retrieval), which `answerable` is judged by; nil for BM25 alone.
    public var bestSimilarity: Float?
    /// The tokens read and written (not in this JSON; chat completions report it as
    /// `usage`): counted by the model where one ran, else the context's tokens and an
    /// estimate of the answer's; nil when no generator ran.
    public var usage: TokenUsage? = nil

    public init(
        question: String, answer: String, citations: [Citation], retrieved: [RetrievedChunk], selected: [Int64],
        contextTokens: Int, selector: String, generator: String, indexGeneration: Int64, timingsMs: StageTimings,
        citationFlags: [CitationFlag] = [], selection: [SelectionEntry] = [], selectedTokens: Int? = nil,
        compressor: String? = nil, answerable: Bool = true, truncated: Bool = false, usage: TokenUsage? = nil,
        bestSimilarity: Float? = nil
    ) {
        self.bestSimilarity = bestSimilarity
        self.question = question
        self.answer = answer
        self.citations = citations
        self.citationFlags = citationFlags
        self.retrieved = retrieved
        self.selected = selected
        self.selection = selection
        self.selectedTokens = selectedTokens ?? contextTokens
        self.compressor = compressor
        self.contextTokens = contextTokens
        self.selector = selector
        self.generator = generator
        self.indexGeneration = indexGeneration
        self.timingsMs = timingsMs
        self.answerable = answerable
        self.truncated = truncated
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey {
        case question, answer, citations, retrieved, selected, selection, selector, generator, compressor
        case answerable, truncated, bestSimilarity = "best_similarity"
        case selectedTokens = "selected_tokens"
        case contextTokens = "context_tokens"
        case citationFlags = "citation_flags"
        case indexGeneration = "index_generation"
        case timingsMs = "timings_ms"
    }
}
