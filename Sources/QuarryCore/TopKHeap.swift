/// Keeps the `capacity` best ``ScoredID``s offered to it (``ScoredID/ranks(before:)``)
/// in a binary heap whose root is the worst kept, so an offer costs O(log k) and a
/// rejected one a single comparison. The one top-k structure of Quarry: BM25, the dense
/// indexes (with score = −distance) and token sampling all use it.
public struct TopKHeap: Sendable {
    public let capacity: Int
    @usableFromInline var items: [ScoredID] = []

    @inlinable
    public init(capacity: Int) {
        self.capacity = max(capacity, 0)
        items.reserveCapacity(self.capacity)
    }

    /// How many items are kept.
    @inlinable public var count: Int { items.count }

    /// The score an offer must reach to be considered (ties may still win by id);
    /// −∞ while the heap is not full.
    @inlinable
    public var threshold: Float {
        items.count < capacity ? -.infinity : items[0].score
    }

    /// Keeps `candidate` when it ranks among the best `capacity` offered so far.
    @inlinable
    public mutating func offer(_ candidate: ScoredID) {
        if items.count < capacity {
            items.append(candidate)
            siftUp(from: items.count - 1)
        } else if capacity > 0, candidate.ranks(before: items[0]) {
            items[0] = candidate
            siftDown(from: 0)
        }
    }

    /// The kept items, best first.
    @inlinable
    public func sorted() -> [ScoredID] {
        items.sorted { $0.ranks(before: $1) }
    }

    /// The kept items in heap order (no particular order), without sorting.
    @inlinable public var unordered: [ScoredID] { items }

    // The sifts run once per offer that enters the heap, thousands of times a query:
    // on a buffer pointer, with index arithmetic that wraps (`&+`, `&*`, `&-`), since
    // every index is compared with `count` (at most `capacity`) before it is used.

    @inlinable
    mutating func siftUp(from start: Int) {
        items.withUnsafeMutableBufferPointer { items in
            let base = items.baseAddress!
            var child = start
            while child > 0 {
                let parent = (child &- 1) / 2
                guard base[parent].ranks(before: base[child]) else { return }
                items.swapAt(parent, child)
                child = parent
            }
        }
    }

    @inlinable
    mutating func siftDown(from start: Int) {
        items.withUnsafeMutableBufferPointer { items in
            let base = items.baseAddress!, count = items.count
            var parent = start
            while true {
                var worst = parent
                let left = 2 &* parent &+ 1, right = left &+ 1
                if left < count, base[worst].ranks(before: base[left]) { worst = left }
                if right < count, base[worst].ranks(before: base[right]) { worst = right }
                guard worst != parent else { return }
                items.swapAt(parent, worst)
                parent = worst
            }
        }
    }
}
