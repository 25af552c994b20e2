import Synchronization

/// The generator's tokens of texts seen before, so a chunk that comes back in another
/// question's context is not tokenized again (tokenizing is most of what stored-surprisal
/// compression costs). Bounded: past `capacity` texts, the oldest go first.
public final class TokenizationCache: Sendable {
    /// A text's token ids and the byte offset where each starts.
    struct Entry: Sendable {
        var ids: [Int]
        var starts: [Int]
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var head = 0
    }

    private let state = Mutex(State())
    /// The most texts held.
    public let capacity: Int

    public init(capacity: Int = 4_096) {
        self.capacity = max(1, capacity)
    }

    /// `text`'s tokens in `tokenizer`, from the cache or computed and remembered. The
    /// cache must only ever see one tokenizer.
    func tokens(of text: String, tokenizer: any CompressionTokenizer) -> Entry {
        if let hit = state.withLock({ $0.entries[text] }) { return hit }
        let entry = Self.entry(of: text, tokenizer: tokenizer)
        state.withLock { state in
            guard state.entries.updateValue(entry, forKey: text) == nil else { return }
            state.order.append(text)
            if state.order.count - state.head > capacity {
                state.entries[state.order[state.head]] = nil
                state.head += 1
                if state.head > capacity {
                    state.order.removeFirst(state.head)
                    state.head = 0
                }
            }
        }
        return entry
    }

    /// `text`'s tokens computed without a cache.
    static func entry(of text: String, tokenizer: any CompressionTokenizer) -> Entry {
        let ids = tokenizer.tokenIDs(of: text)
        var starts: [Int] = []
        starts.reserveCapacity(ids.count)
        var offset = 0
        for id in ids {
            starts.append(offset)
            offset += tokenizer.byteCount(of: id)
        }
        return Entry(ids: ids, starts: starts)
    }
}
