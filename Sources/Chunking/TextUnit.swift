/// A stretch of a document the model-driven chunkers never cut: a sentence, or a piece of
/// a sentence longer than the chunk target.
struct TextUnit: Equatable {
    /// Bytes from the end of the previous unit (its whitespace included) to this unit's end.
    var span: Range<Int>
    /// Where the unit's own text starts, past the leading whitespace.
    var textStart: Int
    /// The unit's tokens in the document's token sequence.
    var tokens: Range<Int>

    /// The unit's text without leading whitespace, as a byte range.
    var textRange: Range<Int> { textStart..<span.upperBound }
}
