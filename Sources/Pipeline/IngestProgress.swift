/// Progress of an ingest run: after each file, and during embedding after each batch.
public struct IngestProgress: Sendable {
    /// What is being counted.
    public enum Stage: String, Sendable {
        /// Files handled, including skipped and failed ones.
        case files
        /// Chunks of the current file embedded.
        case embedding
    }

    public var stage: Stage
    public var done: Int
    public var total: Int
    /// The file being handled.
    public var path: String
}
