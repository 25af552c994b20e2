import Synchronization

/// The token ids of pre-tokenized words merged before, as Hugging Face tokenizers' BPE
/// keeps them: running text repeats a few thousand words, so most words skip the merges.
/// Bounded: at most `capacity` words of at most `maximumWordBytes` bytes each; past
/// `capacity`, the oldest word goes first. Thread-safe; one lock per text, not per word.
final class BPEWordCache: Sendable {
    private struct State {
        var ids: [String: [Int]] = [:]
        /// Words in insertion order, a ring once full; `oldest` is the next to go.
        var order: [String] = []
        var oldest = 0
    }

    /// The most words held; 0 holds none.
    let capacity: Int
    /// Longer words are merged every time (a pathological word must not pin memory).
    static let maximumWordBytes = 256
    private let state: Mutex<State>

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        state = Mutex(State())
    }

    /// Words held now.
    var count: Int { state.withLock { $0.ids.count } }

    /// The cached ids of each of `words` (nil where not cached).
    func lookUp(_ words: [String]) -> [[Int]?] {
        guard capacity > 0 else { return Array(repeating: nil, count: words.count) }
        return state.withLock { state in words.map { state.ids[$0] } }
    }

    /// Remembers the ids of newly merged words (longer ones are skipped).
    func insert(_ merged: [(word: String, ids: [Int])]) {
        guard capacity > 0, !merged.isEmpty else { return }
        state.withLock { state in
            for (word, ids) in merged where word.utf8.count <= Self.maximumWordBytes {
                guard state.ids.updateValue(ids, forKey: word) == nil else { continue }
                if state.order.count < capacity {
                    state.order.append(word)
                } else {
                    state.ids[state.order[state.oldest]] = nil
                    state.order[state.oldest] = word
                    state.oldest = (state.oldest + 1) % capacity
                }
            }
        }
    }
}
