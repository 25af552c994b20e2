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

    public init(
        question: String, answer: String, citations: [Citation], retrieved: [RetrievedChunk], selected: [Int64],
        contextTokens: Int, selector: String, generator: String, indexGeneration: Int64, timingsMs: StageTimings,
        citationFlags: [CitationFlag] = [], selection: [SelectionEntry] = [], selectedTokens: Int? = nil,
        compressor: String? = nil
    ) {
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
    }

    enum CodingKeys: String, CodingKey {
        case question, answer, citations, retrieved, selected, selection, selector, generator, compressor
        case selectedTokens = "selected_tokens"
        case contextTokens = "context_tokens"
        case citationFlags = "citation_flags"
        case indexGeneration = "index_generation"
        case timingsMs = "timings_ms"
    }
}
