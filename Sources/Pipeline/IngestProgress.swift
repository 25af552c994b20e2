/// Progress of an ingest run, reported after each file.
public struct IngestProgress: Sendable {
    /// Files handled so far, including skipped and failed ones.
    public var done: Int
    public var total: Int
    /// The file just handled.
    public var path: String
}
