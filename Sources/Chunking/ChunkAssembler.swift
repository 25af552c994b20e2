import QuarryCore

/// Builds chunks from groups of consecutive units of a tokenized document: each chunk runs
/// from its first unit's text to its last unit's end, is counted exactly by the
/// tokenizer, and carries its tokens' surprisal when there is some.
struct ChunkAssembler {
    let document: TokenizedDocument
    let tokenizer: any TextTokenizer

    /// `text` tokenized into units of at most `targetTokens` tokens (sentences, or pieces
    /// of a longer one): the start every model-driven chunker shares.
    /// - Throws: ``ChunkingError`` for a target below 1, or what the tokenizer throws.
    init(text: String, tokenizer: any TextTokenizer, targetTokens: Int) throws {
        guard targetTokens >= 1 else { throw ChunkingError.invalidTarget(targetTokens) }
        document = try TokenizedDocument(text: text, tokenizer: tokenizer, maximumUnitTokens: targetTokens)
        self.tokenizer = tokenizer
    }

    /// The whole document as one chunk, without surprisal.
    var wholeDocument: [Chunk] {
        chunks([0..<document.units.count], surprisal: nil)
    }

    /// The chunks of `groups` (ranges of unit indices); `surprisal` has one value per
    /// document token, or is nil.
    func chunks(_ groups: [Range<Int>], surprisal: [Float]?) -> [Chunk] {
        groups.map { group in
            let first = document.units[group.lowerBound], last = document.units[group.upperBound - 1]
            let range = first.textStart..<last.span.upperBound
            let text = document.text.slice(bytes: range)
            let tokens = first.tokens.lowerBound..<last.tokens.upperBound
            return Chunk(
                text: String(text), byteStart: range.lowerBound, byteEnd: range.upperBound,
                tokenCount: tokenizer.count(text),
                surprisal: surprisal.map { chunkSurprisal(tokens, chunkStart: range.lowerBound, nats: $0) }
            )
        }
    }

    /// The surprisal of the tokens that cover the chunk's bytes, with starts relative to
    /// the chunk: a token that begins in the whitespace before the chunk and runs into it
    /// (" It") starts at 0; tokens wholly in that whitespace are left out.
    private func chunkSurprisal(_ tokens: Range<Int>, chunkStart: Int, nats: [Float]) -> TokenSurprisal {
        var starts: [Int] = []
        var values: [Float] = []
        starts.reserveCapacity(tokens.count)
        values.reserveCapacity(tokens.count)
        for token in tokens where document.tokenEnd(token) > chunkStart {
            starts.append(max(0, document.tokenStarts[token] - chunkStart))
            values.append(nats[token])
        }
        return TokenSurprisal(tokenStarts: starts, nats: values)
    }
}
