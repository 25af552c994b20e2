import DenseIndex

/// Mean share of each exact top-k found in the approximate top-k.
func recall(_ found: [[Neighbor]], truth: [[Neighbor]]) -> Double {
    var total = 0.0
    for (f, t) in zip(found, truth) {
        total += Double(Set(f.map(\.id)).intersection(t.map(\.id)).count) / Double(t.count)
    }
    return total / Double(truth.count)
}

/// Ids 0 ..< count.
func rowIDs(_ count: Int) -> [Int64] { (0 ..< Int64(count)).map { $0 } }
