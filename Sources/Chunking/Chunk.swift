import QuarryCore

/// A piece of a document's text, with where it sits in that text.
///
/// `text` always equals the UTF-8 bytes `byteStart..<byteEnd` of the text it was cut from,
/// so a citation can point back into the document exactly.
public struct Chunk: Sendable, Equatable {
    /// The chunk's text, copied verbatim from the document (inner whitespace included).
    public var text: String
    /// UTF-8 byte offset of the chunk's first byte in the document text.
    public var byteStart: Int
    /// UTF-8 byte offset one past the chunk's last byte in the document text.
    public var byteEnd: Int
    /// The chunk's size as measured by the chunker's ``TokenCounter``.
    public var tokenCount: Int
    /// How surprising each token of `text` was to the language model in its document
    /// context, when the chunker computed it (the perplexity chunker does).
    public var surprisal: TokenSurprisal?

    /// Creates a chunk; `text` should be the document's bytes `byteStart..<byteEnd`.
    public init(text: String, byteStart: Int, byteEnd: Int, tokenCount: Int, surprisal: TokenSurprisal? = nil) {
        self.text = text
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.tokenCount = tokenCount
        self.surprisal = surprisal
    }
}
