import Synchronization

/// The embeddings of the last few questions, so one query embeds its question once:
/// retrieval needs the vector, and so does MCTS selection's reward a moment later.
final class QuestionVectorCache: Sendable {
    private let capacity: Int
    private let entries = Mutex<[(question: String, vector: [Float])]>([])

    init(capacity: Int = 16) {
        self.capacity = capacity
    }

    /// The cached vector for `question`, or `compute()`'s, remembered (oldest dropped first).
    func vector(for question: String, compute: () async throws -> [Float]) async rethrows -> [Float] {
        if let hit = entries.withLock({ list in list.first { $0.question == question }?.vector }) { return hit }
        let vector = try await compute()
        entries.withLock { list in
            list.removeAll { $0.question == question }
            list.append((question, vector))
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
        return vector
    }
}
