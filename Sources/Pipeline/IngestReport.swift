/// What one `quarry index` run did (the JSON of the command-line contract).
public struct IngestReport: Sendable, Codable, Equatable {
    /// A file that could not be indexed, and why.
    public struct Failure: Sendable, Codable, Equatable {
        public var path: String
        public var error: String
    }

    /// Files (re)indexed.
    public var indexed: Int = 0
    /// Files unchanged since the last run.
    public var skipped: Int = 0
    /// Files that were indexed before and are gone now; their rows were deleted.
    public var removed: Int = 0
    public var failed: [Failure] = []
    /// Chunks written by this run.
    public var chunks: Int = 0
    public var seconds: Double = 0
    /// Where those seconds went, by stage.
    public var stageSeconds = IngestStageSeconds()
    /// The dense index after this run, when the index has embeddings.
    public var dense: DenseIndexMaintainer.Outcome?
    /// Tokens the language model scored for chunking.
    public var scoredTokens: Int = 0
    /// What a user should know: documents chunked by sentences because the model would
    /// have taken too long, approximate token counts.
    public var warnings: [String] = []

    enum CodingKeys: String, CodingKey {
        case indexed, skipped, removed, failed, chunks, seconds, dense, warnings
        case scoredTokens = "scored_tokens"
        case stageSeconds = "stage_seconds"
    }
}
