import Foundation

/// Where an ingest run's time went, in seconds of wall time per stage (stages of a
/// corpus file overlap: the next batch is read and prepared while one is written, so
/// the stages can add up to more than the run).
public struct IngestStageSeconds: Sendable, Codable, Equatable {
    /// Reading files: hashing them, decoding their text or records.
    public var read: Double = 0
    /// Chunking and analysing documents for the word index.
    public var prepare: Double = 0
    /// Embedding chunks.
    public var embed: Double = 0
    /// Committing to the index file (chunks, postings, vectors).
    public var write: Double = 0

    public init() {}

    /// Adds to `keyPath` the seconds `body` takes (awaiting it, for the stages that
    /// await: chunking, embedding), and returns its value.
    @discardableResult
    mutating func time<T>(_ keyPath: WritableKeyPath<Self, Double>, _ body: () async throws -> T) async rethrows -> T {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { self[keyPath: keyPath] += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        return try await body()
    }

    static func + (left: Self, right: Self) -> Self {
        var sum = left
        sum.read += right.read
        sum.prepare += right.prepare
        sum.embed += right.embed
        sum.write += right.write
        return sum
    }
}
