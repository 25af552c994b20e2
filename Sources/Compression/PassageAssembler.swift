import QuarryCore

/// Builds the compressed passage from the units kept: their bytes in order, pieces that
/// map every kept byte to the source bytes it was copied from, and the kept units' token
/// count (the caller re-counts the text where the exact count matters).
enum PassageAssembler {
    static func assemble(_ tokenized: TokenizedPassage, keep: [Bool]) -> ContextPassage {
        let passage = tokenized.passage
        let source = Array(passage.text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.count)
        var pieces: [ContextPassage.Piece] = []
        var tokens = 0
        var previousEnd: Int?
        for (unit, kept) in zip(tokenized.units, keep) where kept {
            tokens += unit.tokens.count
            if let end = previousEnd, end < unit.bytes.lowerBound,
                let separator = separator(after: bytes.last, dropped: source[end..<unit.bytes.lowerBound],
                                          before: source[unit.bytes.lowerBound])
            {
                bytes.append(separator)
            }
            previousEnd = unit.bytes.upperBound
            for piece in passage.pieces {
                let lower = max(unit.bytes.lowerBound, piece.textStart)
                let upper = min(unit.bytes.upperBound, piece.textStart + piece.length)
                guard lower < upper else { continue }
                let next = ContextPassage.Piece(
                    textStart: bytes.count + (lower - unit.bytes.lowerBound),
                    sourceStart: piece.sourceStart + (lower - piece.textStart), length: upper - lower
                )
                if let last = pieces.last, last.textStart + last.length == next.textStart,
                    last.sourceStart + last.length == next.sourceStart
                {
                    pieces[pieces.count - 1].length += next.length
                } else {
                    pieces.append(next)
                }
            }
            bytes.append(contentsOf: source[unit.bytes])
        }
        // Units start and end on character boundaries, so the bytes are valid UTF-8.
        let text = String(decoding: bytes, as: UTF8.self)
        return ContextPassage(chunk: passage.chunk, text: text, pieces: pieces, tokens: tokens)
    }

    /// What goes between two kept runs that `dropped` separated, when neither side has a
    /// space: a line break where the dropped text held one, else a space unless closing
    /// punctuation follows ("VACUUM" and
    /// "Plain VACUUM" from two lines do not become "VACUUMPlain VACUUM"). Separators
    /// belong to no piece.
    static func separator(after last: UInt8?, dropped: ArraySlice<UInt8>, before next: UInt8) -> UInt8? {
        guard let last, !UnitSegmenter.isSpace(last), !UnitSegmenter.isSpace(next) else { return nil }
        if dropped.contains(0x0A) { return 0x0A }
        // Closing punctuation stays on its word: "the." not "the .".
        return Array(".,;:!?)]}".utf8).contains(next) ? nil : 0x20
    }
}
