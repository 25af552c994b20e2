/// Cuts a stretch of text at white space into words, each counted on its own; a word
/// longer than the target is cut further at scalar boundaries, so no piece is lost and
/// none exceeds the target.
struct WordSplitter {
    let counter: any TokenCounter
    let targetTokens: Int

    /// The words (and pieces of overlong words) in `range` of `text`, in order.
    func pieces(of range: Range<Int>, in text: String) -> [TokenSpan] {
        var pieces: [TokenSpan] = []
        var offset = range.lowerBound
        var wordStart: Int?
        for scalar in text.slice(bytes: range).unicodeScalars {
            let isSpace = SentencePunctuation.isWhitespace(scalar)
            if isSpace, let start = wordStart {
                appendWord(start..<offset, of: text, to: &pieces)
                wordStart = nil
            } else if !isSpace, wordStart == nil {
                wordStart = offset
            }
            offset += UTF8.width(scalar)
        }
        if let start = wordStart {
            appendWord(start..<offset, of: text, to: &pieces)
        }
        return pieces
    }

    private func appendWord(_ word: Range<Int>, of text: String, to pieces: inout [TokenSpan]) {
        let tokens = counter.count(text.slice(bytes: word))
        if tokens <= targetTokens {
            pieces.append(TokenSpan(range: word, tokens: tokens))
            return
        }
        // Scalar boundaries of the word, then repeatedly the longest prefix that fits,
        // found by galloping (1, 2, 4… scalars) and then bisecting, so each piece costs
        // about its own length times a logarithm, not the whole word's length.
        var boundaries = [word.lowerBound]
        for scalar in text.slice(bytes: word).unicodeScalars {
            boundaries.append(boundaries[boundaries.count - 1] + UTF8.width(scalar))
        }
        let last = boundaries.count - 1
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
            let piece = boundaries[first]..<boundaries[fits]
            pieces.append(TokenSpan(range: piece, tokens: count(piece, of: text)))
            first = fits
        }
    }

    private func count(_ range: Range<Int>, of text: String) -> Int {
        counter.count(text.slice(bytes: range))
    }
}
