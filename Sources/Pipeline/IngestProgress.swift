/// Progress of an ingest run: after each file, during embedding after each batch, and
/// while a language model scores text for chunking.
public struct IngestProgress: Sendable {
    /// What is being counted.
    public enum Stage: String, Sendable {
        /// Files handled, including skipped and failed ones.
        case files
        /// Chunks of the current file embedded.
        case embedding
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

    public init(
        stage: Stage, done: Int, total: Int, path: String, tokensPerSecond: Double? = nil, secondsLeft: Double? = nil,
        message: String? = nil
    ) {
        self.stage = stage
        self.done = done
        self.total = total
        self.path = path
        self.tokensPerSecond = tokensPerSecond
        self.secondsLeft = secondsLeft
        self.message = message
    }
}
