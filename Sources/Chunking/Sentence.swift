/// One sentence found by ``SentenceSplitter``.
public struct Sentence: Sendable, Equatable {
    /// The sentence's text, a slice of the split string without surrounding whitespace.
    public var text: Substring
    /// Where `text` sits in the split string, in UTF-8 bytes.
    public var byteRange: Range<Int>

    /// Creates a sentence from its text and byte range.
    public init(text: Substring, byteRange: Range<Int>) {
        self.text = text
        self.byteRange = byteRange
    }
}
