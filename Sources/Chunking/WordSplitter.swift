import QuarryCore

/// Cuts a stretch of text at white space into words, each counted on its own; a word
/// longer than the target is cut further at scalar boundaries, so no piece is lost and
/// none exceeds the target. A stretch may be a whole document (the fixed-token chunker,
/// a text without sentence ends), so pieces are handed on one at a time and the work
/// checks ``CancellationSignal/current`` every 256 pieces, stopping when its request is gone.
struct WordSplitter {
    let counter: any TokenCounter
    let targetTokens: Int

    /// Hands the words (and pieces of overlong words) in `range` of `text` to `body`, in
    /// order, one at a time: a stretch of 50 MB holds millions of words, which are never
    /// all in memory at once.
    /// - Throws: ``CancellationSignal/Stopped`` when the current signal fires, or what `body` throws.
    func forEachPiece(of range: Range<Int>, in text: String, _ body: (TokenSpan) throws -> Void) throws {
        var offset = range.lowerBound
        var wordStart: Int?
        var pieces = 0
        let emit = { (piece: TokenSpan) throws in
            if pieces % 256 == 0 { try CancellationSignal.checkCurrent() }
            pieces += 1
            try body(piece)
        }
        for scalar in text.slice(bytes: range).unicodeScalars {
            let isSpace = SentencePunctuation.isWhitespace(scalar)
            if isSpace, let start = wordStart {
                try splitWord(start..<offset, of: text, emit)
                wordStart = nil
            } else if !isSpace, wordStart == nil {
                wordStart = offset
            }
            offset += UTF8.width(scalar)
        }
        if let start = wordStart {
            try splitWord(start..<offset, of: text, emit)
        }
    }

    private func splitWord(_ word: Range<Int>, of text: String, _ emit: (TokenSpan) throws -> Void) throws {
        let tokens = counter.count(text.slice(bytes: word))
        if tokens <= targetTokens {
            try emit(TokenSpan(range: word, tokens: tokens))
            return
        }
        // Scalar boundaries of a window of the word, then repeatedly the longest prefix
        // that fits, found by galloping (1, 2, 4… scalars) and then bisecting, so each
        // piece costs about its own length times a logarithm, not the whole word's length.
        // Windows of at most `window` scalars keep a word of 50 MB without a space from
        // holding an offset per scalar; a piece never spans two windows.
        var start = word.lowerBound
        while start < word.upperBound {
            var boundaries = [start]
            for scalar in text.slice(bytes: start..<word.upperBound).unicodeScalars.prefix(Self.window) {
                boundaries.append(boundaries[boundaries.count - 1] + UTF8.width(scalar))
            }
            let last = boundaries.count - 1
            let endsWord = boundaries[last] == word.upperBound
            var first = 0
            while first < last {
                var fits = first + 1  // always take at least one scalar
                var tooLong = last + 1
                var step = 1
                while fits + step <= last {
                    if count(boundaries[first]..<boundaries[fits + step], of: text) > targetTokens {
                        tooLong = fits + step
                        break
                    }
                    fits += step
                    step *= 2
                }
                while tooLong - fits > 1 {
                    let middle = (fits + tooLong) / 2
                    if middle <= last, count(boundaries[first]..<boundaries[middle], of: text) <= targetTokens {
                        fits = middle
                    } else {
                        tooLong = middle
                    }
                }
                // A piece cut short by the window's end starts the next window instead.
                if fits == last, !endsWord, first > 0 { break }
                let piece = boundaries[first]..<boundaries[fits]
                try emit(TokenSpan(range: piece, tokens: count(piece, of: text)))
                first = fits
            }
            start = boundaries[first]
        }
    }

    /// The most scalars of one word measured at a time.
    static let window = 65_536

    private func count(_ range: Range<Int>, of text: String) -> Int {
        counter.count(text.slice(bytes: range))
    }
}
