/// Progress of an ingest run: after each file, after each embedding batch of a file,
/// after each committed batch of a corpus file, and while a language model scores text
/// for chunking.
public struct IngestProgress: Sendable {
    /// What is being counted.
    public enum Stage: String, Sendable {
        /// Files handled, including skipped and failed ones.
        case files
        /// Chunks of the current file embedded.
        case embedding
        /// Bytes of the current corpus file (BEIR `.jsonl`) read into committed batches,
        /// over its size; `documents` counts them. Each batch is chunked, analysed,
        /// embedded when the index has an embedder, and written.
        case corpus
        /// Tokens the language model scored for chunking, over those the run expects
        /// (estimated from the files' sizes).
        case scoring
        /// A warning (in `path`'s file): `message` says what happened.
        case warning
    }

    public var stage: Stage
    public var done: Int
    public var total: Int
    /// The file being handled.
    public var path: String
    /// Tokens scored per second so far (scoring only).
    public var tokensPerSecond: Double?
    /// Estimated seconds until scoring is done (scoring only).
    public var secondsLeft: Double?
    /// What a warning says.
    public var message: String?
    /// Documents of the corpus file committed so far (corpus only).
    public var documents: Int?

    public init(
        stage: Stage, done: Int, total: Int, path: String, tokensPerSecond: Double? = nil, secondsLeft: Double? = nil,
        message: String? = nil, documents: Int? = nil
    ) {
        self.stage = stage
        self.done = done
        self.total = total
        self.path = path
        self.tokensPerSecond = tokensPerSecond
        self.secondsLeft = secondsLeft
        self.message = message
        self.documents = documents
    }
}
