import QuarryCore

/// The `k` entries of smallest cost (smaller is closer), kept by Quarry's one top-k
/// heap on negated costs, so `threshold` is one load and ties fall to the smaller id.
struct TopK {
    private var heap: TopKHeap

    init(k: Int) {
        heap = TopKHeap(capacity: k)
    }

    /// The cost an entry must beat to be kept (+∞ until `k` are kept).
    @inline(__always)
    var threshold: Float { -heap.threshold }

    /// Offers an entry; keeps it when it is among the `k` smallest costs so far.
    @inline(__always)
    mutating func push(cost: Float, id: Int64) {
        heap.offer(ScoredID(id: id, score: -cost))
    }

    /// The kept entries, smallest cost first, scored under `metric`.
    func neighbors(metric: Metric) -> [Neighbor] {
        heap.sorted().map { Neighbor(id: $0.id, score: metric.score(fromCost: -$0.score)) }
    }

    /// The kept ids, in no particular order.
    var keptIDs: [Int64] { heap.unordered.map(\.id) }
}
