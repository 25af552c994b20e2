/// Milliseconds spent in each stage of one query. Encodes as
/// `{"retrieve", "select", "compress"?, "generate", "total"}`, the contract's
/// `timings_ms` object.
public struct StageTimings: Sendable, Codable, Equatable {
    public var retrieve: Double = 0
    public var select: Double = 0
    /// Nil when the pipeline has no compressor.
    public var compress: Double?
    public var generate: Double = 0
    public var total: Double = 0

    public init() {}
}
