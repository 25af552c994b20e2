import QuarryCore

/// A document cut into sentence units and tokenized unit by unit with the model's
/// tokenizer, each unit together with the whitespace before it (so the model reads
/// " It" after a sentence end, as in running text, and a unit's tokens never straddle a
/// sentence boundary). The units' spans tile the text up to its last non-space byte.
struct TokenizedDocument {
    let text: String
    /// Token ids of the whole document, unit after unit.
    private(set) var tokenIDs: [Int] = []
    /// Byte offset in `text` where each token starts.
    private(set) var tokenStarts: [Int] = []
    private(set) var units: [TextUnit] = []

    /// Splits `text` into sentences and tokenizes them; a sentence of more than
    /// `maximumUnitTokens` tokens becomes several units, cut before a token that starts
    /// with whitespace where one lies in the second half of the piece, else before any
    /// token that starts a character.
    /// - Throws: ``ChunkingError`` when the tokenizer's byte counts do not add up to the text.
    init(text: String, tokenizer: any TextTokenizer, maximumUnitTokens: Int) throws {
        var source = text
        source.makeContiguousUTF8()
        self.text = source
        let bytes = Array(source.utf8)
        var previousEnd = 0
        for sentence in SentenceSplitter().split(source) {
            // A write that was cancelled (its client left) or ran out of time stops here.
            try CancellationSignal.checkCurrent()
            let span = previousEnd..<sentence.byteRange.upperBound
            let first = tokenIDs.count
            var offset = span.lowerBound
            for token in tokenizer.tokens(of: source.slice(bytes: span)) {
                tokenIDs.append(token.id)
                tokenStarts.append(offset)
                offset += token.byteCount
            }
            guard offset == span.upperBound else {
                throw ChunkingError(reason: "the tokenizer's tokens cover \(offset - span.lowerBound) bytes of a "
                    + "\(span.count)-byte sentence; it must account for every byte")
            }
            appendUnits(span: span, textStart: sentence.byteRange.lowerBound, tokens: first..<tokenIDs.count,
                        bytes: bytes, maximumUnitTokens: max(1, maximumUnitTokens))
            previousEnd = sentence.byteRange.upperBound
        }
    }

    /// The byte offset where token `index` ends.
    func tokenEnd(_ index: Int) -> Int {
        index + 1 < tokenStarts.count ? tokenStarts[index + 1] : (units.last?.span.upperBound ?? 0)
    }

    private mutating func appendUnits(
        span: Range<Int>, textStart: Int, tokens: Range<Int>, bytes: [UInt8], maximumUnitTokens: Int
    ) {
        var pieceStart = tokens.lowerBound
        var pieceSpanStart = span.lowerBound
        var pieceTextStart = textStart
        while tokens.upperBound - pieceStart > maximumUnitTokens {
            let cut = cutPoint(after: pieceStart, maximum: maximumUnitTokens, bytes: bytes)
            units.append(TextUnit(span: pieceSpanStart..<tokenStarts[cut], textStart: pieceTextStart,
                                  tokens: pieceStart..<cut))
            pieceStart = cut
            pieceSpanStart = tokenStarts[cut]
            pieceTextStart = pieceSpanStart
            while pieceTextStart < span.upperBound, Self.isSpace(bytes[pieceTextStart]) { pieceTextStart += 1 }
        }
        units.append(TextUnit(span: pieceSpanStart..<span.upperBound, textStart: pieceTextStart,
                              tokens: pieceStart..<tokens.upperBound))
    }

    /// Where to end a piece that starts at token `start` and may hold `maximum` tokens.
    private func cutPoint(after start: Int, maximum: Int, bytes: [UInt8]) -> Int {
        let limit = start + maximum
        var candidate = limit
        while candidate > start + maximum / 2 {
            if Self.isSpace(bytes[tokenStarts[candidate]]) { return candidate }
            candidate -= 1
        }
        candidate = limit
        while candidate > start + 1, bytes[tokenStarts[candidate]] & 0xC0 == 0x80 { candidate -= 1 }
        return candidate
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
