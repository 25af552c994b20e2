/// Keeps the `k` entries of smallest cost seen so far: a binary max-heap on cost, so
/// the worst kept entry is at the root and `threshold` is one load.
struct TopK {
    let k: Int
    private(set) var costs: [Float]
    private(set) var ids: [Int64]

    init(k: Int) {
        self.k = k
        costs = []
        ids = []
        costs.reserveCapacity(k)
        ids.reserveCapacity(k)
    }

    /// The cost an entry must beat to be kept.
    @inline(__always)
    var threshold: Float { costs.count < k ? .infinity : costs[0] }

    /// Offers an entry; keeps it when it is among the `k` smallest costs so far.
    @inline(__always)
    mutating func push(cost: Float, id: Int64) {
        if costs.count < k {
            costs.append(cost)
            ids.append(id)
            siftUp(costs.count - 1)
        } else if cost < costs[0] {
            costs[0] = cost
            ids[0] = id
            siftDown(0)
        }
    }

    /// The kept entries, smallest cost first, scored under `metric`.
    func neighbors(metric: Metric) -> [Neighbor] {
        zip(costs, ids)
            .sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            .map { Neighbor(id: $0.1, score: metric.score(fromCost: $0.0)) }
    }

    /// The kept ids, in no particular order.
    var keptIDs: [Int64] { ids }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard costs[child] > costs[parent] else { return }
            costs.swapAt(child, parent)
            ids.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let n = costs.count
        while true {
            let left = 2 * parent + 1
            guard left < n else { return }
            var largest = left
            if left + 1 < n, costs[left + 1] > costs[left] { largest = left + 1 }
            guard costs[largest] > costs[parent] else { return }
            costs.swapAt(largest, parent)
            ids.swapAt(largest, parent)
            parent = largest
        }
    }
}
