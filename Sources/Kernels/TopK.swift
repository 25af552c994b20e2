/// Selection of the k largest scores.
public enum TopK {
    /// Indices of the k largest values of scores[count], best first (ties: lower index first).
    /// Uses a size-k min-heap: O(count · log k).
    public static func indices(of scores: UnsafePointer<Float>, count: Int, k: Int) -> [Int] {
        let k = min(k, count)
        guard k > 0 else { return [] }
        var heap: [Int] = []
        heap.reserveCapacity(k)
        // The heap keeps its worst element (smallest score, then highest index) on top.
        func worse(_ a: Int, _ b: Int) -> Bool {
            scores[a] < scores[b] || (scores[a] == scores[b] && a > b)
        }
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && worse(heap[l], heap[m]) { m = l }
                if r < heap.count && worse(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for i in 0..<count {
            if heap.count < k {
                heap.append(i)
                var c = heap.count - 1
                while c > 0 {
                    let p = (c - 1) / 2
                    if worse(heap[c], heap[p]) { heap.swapAt(c, p); c = p } else { break }
                }
            } else if worse(heap[0], i) {
                heap[0] = i
                siftDown(0)
            }
        }
        return heap.sorted { worse($1, $0) }
    }

    /// Index of the largest value of scores[count] (first one on ties).
    public static func argmax(_ scores: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        for i in 1..<max(count, 1) where scores[i] > scores[best] { best = i }
        return best
    }
}
