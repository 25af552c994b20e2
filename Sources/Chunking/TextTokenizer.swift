/// One token of a text as a model's tokenizer cuts it: its id and how many UTF-8 bytes
/// of the text it covers.
public struct TextToken: Sendable, Equatable {
    /// The token's id in the model's vocabulary.
    public var id: Int
    /// The UTF-8 bytes of the text the token stands for (a byte-level BPE token may cover
    /// part of a multi-byte character).
    public var byteCount: Int

    /// Creates a token covering `byteCount` bytes.
    public init(id: Int, byteCount: Int) {
        self.id = id
        self.byteCount = byteCount
    }
}

/// A model's tokenizer, as the LM-driven chunkers need it: the tokens of a text with the
/// bytes each covers (their byte counts add up to the text's UTF-8 length), no BOS or
/// other special token added. Counting with it gives exact sizes in the model's tokens.
public protocol TextTokenizer: TokenCounter {
    /// The tokens of `text`, in order.
    func tokens(of text: Substring) -> [TextToken]
}

extension TextTokenizer {
    /// The number of tokens of `text`.
    public func count(_ text: Substring) -> Int { tokens(of: text).count }
}
