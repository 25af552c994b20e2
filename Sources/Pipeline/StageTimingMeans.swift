import QuarryCore

/// The mean milliseconds of each query stage over the questions of an evaluation
/// (`eval qa`'s `stage_ms_mean`): what compression costs and what it saves the
/// generator, read apart from retrieval and selection.
public struct StageTimingMeans: Sendable, Codable, Equatable {
    public var retrieve: Double
    public var select: Double
    /// Nil when no question went through a compressor.
    public var compress: Double?
    public var generate: Double
    public var total: Double

    /// The means of `timings`; nil when there are none.
    public init?(_ timings: [StageTimings]) {
        guard !timings.isEmpty else { return nil }
        func mean(_ values: [Double]) -> Double {
            (values.reduce(0, +) / Double(values.count) * 1000).rounded() / 1000
        }
        retrieve = mean(timings.map(\.retrieve))
        select = mean(timings.map(\.select))
        let compressed = timings.compactMap(\.compress)
        compress = compressed.isEmpty ? nil : mean(compressed)
        generate = mean(timings.map(\.generate))
        total = mean(timings.map(\.total))
    }
}
