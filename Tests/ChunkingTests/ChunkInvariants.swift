import Chunking
import Testing

/// Checks shared by chunker tests: verbatim byte ranges, order, and full coverage.
enum ChunkInvariants {
    /// Every chunk equals `text`'s bytes at its range, chunks are ordered and disjoint,
    /// and together they hold all of `text`'s non-whitespace characters in order.
    static func check(_ chunks: [Chunk], of text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        var previousEnd = 0
        for chunk in chunks {
            #expect(chunk.byteStart >= previousEnd, sourceLocation: sourceLocation)
            #expect(chunk.byteStart < chunk.byteEnd, sourceLocation: sourceLocation)
            #expect(chunk.byteEnd <= bytes.count, sourceLocation: sourceLocation)
            guard chunk.byteStart < chunk.byteEnd, chunk.byteEnd <= bytes.count else { return }
            let original = String(decoding: bytes[chunk.byteStart..<chunk.byteEnd], as: UTF8.self)
            #expect(original == chunk.text, sourceLocation: sourceLocation)
            previousEnd = chunk.byteEnd
        }
        let covered = chunks.map(\.text).joined().unicodeScalars.filter { !$0.properties.isWhitespace }
        let all = text.unicodeScalars.filter { !$0.properties.isWhitespace }
        #expect(String(String.UnicodeScalarView(covered)) == String(String.UnicodeScalarView(all)),
                sourceLocation: sourceLocation)
    }
}
