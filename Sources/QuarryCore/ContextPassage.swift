/// The text handed to the generator for one selected chunk, and where each part of it
/// comes from in the chunk's document. Uncompressed, it is the chunk's text as one
/// piece; a compressor keeps only some pieces, and every kept byte still maps back to
/// its source byte range, so citations point into the original text.
public struct ContextPassage: Sendable, Equatable {
    /// A run of `text` copied unchanged from the document.
    public struct Piece: Sendable, Equatable {
        /// Byte offset of the run in ``ContextPassage/text``.
        public var textStart: Int
        /// Byte offset of the same run in the document's extracted text.
        public var sourceStart: Int
        /// Its length in bytes.
        public var length: Int

        public init(textStart: Int, sourceStart: Int, length: Int) {
            self.textStart = textStart
            self.sourceStart = sourceStart
            self.length = length
        }
    }

    public var chunk: RetrievedChunk
    public var text: String
    /// Runs of `text` in increasing order, covering the parts of `text` that come from
    /// the source (separators a compressor inserts belong to no piece).
    public var pieces: [Piece]
    /// `text`'s length in the index's token count.
    public var tokens: Int

    /// The whole chunk, uncompressed.
    public init(_ chunk: RetrievedChunk) {
        self.chunk = chunk
        text = chunk.text
        pieces = [Piece(textStart: 0, sourceStart: chunk.byteStart, length: chunk.text.utf8.count)]
        tokens = chunk.tokens
    }

    public init(chunk: RetrievedChunk, text: String, pieces: [Piece], tokens: Int) {
        self.chunk = chunk
        self.text = text
        self.pieces = pieces
        self.tokens = tokens
    }

    /// The document byte range that the bytes `range` of `text` were copied from: from
    /// the source of its first mapped byte to the source of its last. Nil when no byte
    /// of `range` comes from the source.
    public func sourceRange(of range: Range<Int>) -> Range<Int>? {
        var start: Int?
        var end: Int?
        for piece in pieces {
            let lower = max(range.lowerBound, piece.textStart)
            let upper = min(range.upperBound, piece.textStart + piece.length)
            guard lower < upper else { continue }
            if start == nil { start = piece.sourceStart + (lower - piece.textStart) }
            end = piece.sourceStart + (upper - piece.textStart)
        }
        guard let start, let end else { return nil }
        return start..<end
    }
}
