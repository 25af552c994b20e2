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
}
