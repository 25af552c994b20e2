import Chunking
import Models

/// SmolLM2's byte-level BPE as the chunkers' tokenizer and token counter: chunk sizes and
/// every budget are counted in the generator's own tokens.
public struct DecoderTextTokenizer: TextTokenizer {
    public let tokenizer: ByteLevelBPETokenizer

    /// Wraps `tokenizer` (no BOS or special tokens are added).
    public init(_ tokenizer: ByteLevelBPETokenizer) {
        self.tokenizer = tokenizer
    }

    /// The tokens of `text` with the UTF-8 bytes each stands for.
    public func tokens(of text: Substring) -> [TextToken] {
        tokenizer.encode(String(text)).map { TextToken(id: $0, byteCount: tokenizer.bytes(of: $0).count) }
    }

    /// The number of tokens of `text`.
    public func count(_ text: Substring) -> Int {
        tokenizer.encode(String(text)).count
    }

    /// GPT-2's pre-tokenizer never makes a word across a point where whitespace follows
    /// non-whitespace, and BPE merges within words: a text's count is the sum of its
    /// pieces' counts cut at such points. So `gap + text` counts as `text` with its first
    /// word (up to the first whitespace) counted after the gap instead of alone.
    public func count(_ text: Substring, afterGap gap: Substring, alone: Int) -> Int? {
        guard gap.isWhitespaceGap(before: text) else { return nil }
        let scalars = text.unicodeScalars
        let end = scalars.firstIndex { $0.properties.isWhitespace } ?? scalars.endIndex
        let word = String(Substring(scalars[..<end]))
        return alone - tokenizer.encode(word).count + tokenizer.encode(String(gap) + word).count
    }
}
