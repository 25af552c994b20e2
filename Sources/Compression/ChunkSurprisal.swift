import Models
import QuarryCore

/// Per-token surprisal of a text computed with the decoder, the same numbers perplexity
/// chunking stores at ingest (−log p of each token given the text before it): the
/// fallback for chunks stored without them, and the source of the benchmark's stored figures.
public enum ChunkSurprisal {
    /// `text`'s surprisal; the first token, which has no context inside the text, gets
    /// the mean of the others.
    public static func compute(_ text: String, decoder: LlamaDecoder) throws -> TokenSurprisal {
        let ids = decoder.tokenizer.encode(text)
        var starts: [Int] = []
        starts.reserveCapacity(ids.count)
        var offset = 0
        for id in ids {
            starts.append(offset)
            offset += decoder.tokenizer.byteCount(of: id)
        }
        return TokenSurprisal(tokenStarts: starts, nats: try nats(of: ids, decoder: decoder))
    }

    /// −log p of each of `ids` given those before it; the first gets the others' mean.
    static func nats(of ids: [Int], decoder: LlamaDecoder) throws -> [Float] {
        guard !ids.isEmpty else { return [] }
        let scores = try decoder.score(ids)
        let rest = scores.logProbabilities.map { -$0 }
        let first = rest.isEmpty ? 0 : rest.reduce(0, +) / Float(rest.count)
        return [first] + rest
    }

    /// Stored per-token surprisal moved onto `passage`'s tokens: each token gets the mean
    /// of the stored token it starts in and those that start inside it (the
    /// index and the generator may cut the text differently). Nil when `stored` does not
    /// fit the passage's text (starts out of order or past its end, or counts that differ).
    static func aligned(_ stored: TokenSurprisal, to passage: TokenizedPassage) -> [Float]? {
        let length = passage.passage.text.utf8.count
        guard stored.tokenStarts.count == stored.nats.count, !stored.tokenStarts.isEmpty,
            stored.tokenStarts[0] == 0,
            zip(stored.tokenStarts, stored.tokenStarts.dropFirst()).allSatisfy({ $0 < $1 }),
            stored.tokenStarts.last! < max(1, length)
        else { return nil }
        var result: [Float] = []
        result.reserveCapacity(passage.tokenCount)
        var s = 0
        for t in 0..<passage.tokenCount {
            let start = passage.tokenStarts[t]
            let end = t + 1 < passage.tokenCount ? passage.tokenStarts[t + 1] : length
            while s + 1 < stored.tokenStarts.count, stored.tokenStarts[s + 1] <= start { s += 1 }
            var sum = stored.nats[s], count: Float = 1
            var j = s + 1
            while j < stored.tokenStarts.count, stored.tokenStarts[j] < end {
                sum += stored.nats[j]
                count += 1
                j += 1
            }
            result.append(sum / count)
        }
        return result
    }
}
