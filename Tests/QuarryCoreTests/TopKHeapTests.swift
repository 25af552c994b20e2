import QuarryCore
import Testing

@Suite("TopKHeap")
struct TopKHeapTests {
    /// The heap keeps exactly what sorting everything and taking the first k keeps,
    /// ties broken by id, for every k including 0 and more than offered.
    @Test func keepsTheSameItemsAsAFullSort() {
        var generator = SeededGenerator(seed: 7)
        let items = (0..<500).map { ScoredID(id: Int64($0), score: Float(generator.next() % 50)) }
        let reference = items.sorted { $0.ranks(before: $1) }
        for k in [0, 1, 5, 49, 50, 499, 500, 800] {
            var heap = TopKHeap(capacity: k)
            for item in items.shuffled(using: &generator) { heap.offer(item) }
            #expect(heap.sorted() == Array(reference.prefix(k)), "k = \(k)")
        }
    }

    @Test func thresholdIsTheWorstKeptScoreOnceFull() {
        var heap = TopKHeap(capacity: 2)
        #expect(heap.threshold == -.infinity)
        heap.offer(ScoredID(id: 1, score: 3))
        heap.offer(ScoredID(id: 2, score: 5))
        #expect(heap.threshold == 3)
        heap.offer(ScoredID(id: 3, score: 4))
        #expect(heap.threshold == 4)
        #expect(heap.sorted().map(\.id) == [2, 3])
    }
}
