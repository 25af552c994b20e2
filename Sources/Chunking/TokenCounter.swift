/// Measures text in tokens, the unit chunk sizes and context budgets are given in.
public protocol TokenCounter: Sendable {
    /// The number of tokens `text` would take.
    func count(_ text: Substring) -> Int

    /// The tokens `gap + text` takes inside a longer text, given `alone`, this counter's
    /// count of `text`; nil when the counter cannot tell without counting `gap + text`.
    ///
    /// `gap` and `text` are adjacent slices of one string. A counter that answers promises
    /// that its count of a text is the sum of its counts of the pieces the text falls into
    /// when cut wherever whitespace follows a non-whitespace character, and answers only
    /// where that holds at the gap's start: `gap` is non-empty whitespace preceded by a
    /// non-whitespace character, and `text` starts with a non-whitespace character. A
    /// chunk's count is then its first sentence's count plus each later sentence's count
    /// after its gap, without counting the chunk's text again.
    func count(_ text: Substring, afterGap gap: Substring, alone: Int) -> Int?
}

extension TokenCounter {
    /// No shortcut: chunks are counted from their text.
    public func count(_ text: Substring, afterGap gap: Substring, alone: Int) -> Int? { nil }
}

extension Substring {
    /// Whether this is non-empty whitespace (Unicode White_Space, as both counters and
    /// GPT-2's pre-tokenizer define it) with a non-whitespace character before it in its
    /// base string, followed by `text`, which starts with a non-whitespace character: the
    /// join ``TokenCounter/count(_:afterGap:alone:)`` answers for.
    public func isWhitespaceGap(before text: Substring) -> Bool {
        let isWhitespace = { (scalar: Unicode.Scalar) in scalar.properties.isWhitespace }
        guard !isEmpty, endIndex == text.startIndex, startIndex > base.startIndex,
              let first = text.unicodeScalars.first, !isWhitespace(first),
              let before = base.unicodeScalars[..<startIndex].last, !isWhitespace(before)
        else { return false }
        return unicodeScalars.allSatisfy(isWhitespace)
    }
}
