import QuarryCore

/// Selection of the largest scores of a float array (token sampling), on Quarry's one
/// top-k heap.
public enum TopK {
    /// Indices of the k largest values of scores[count], best first (ties: lower index first).
    public static func indices(of scores: UnsafePointer<Float>, count: Int, k: Int) -> [Int] {
        var heap = TopKHeap(capacity: min(k, count))
        for i in 0..<count where scores[i] >= heap.threshold {
            heap.offer(ScoredID(id: Int64(i), score: scores[i]))
        }
        return heap.sorted().map { Int($0.id) }
    }

    /// Index of the largest value of scores[count] (first one on ties).
    public static func argmax(_ scores: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        for i in 1..<max(count, 1) where scores[i] > scores[best] { best = i }
        return best
    }
}
