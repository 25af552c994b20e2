/// A stretch of a document (UTF-8 byte range) and its token count: the unit chunkers pack.
struct TokenSpan: Equatable {
    var range: Range<Int>
    var tokens: Int
    /// The tokens the span adds to a chunk after the span before it, whitespace between
    /// included (``TokenCounter/count(_:afterGap:alone:)``); nil when unknown, and then a
    /// chunk holding it after another span is counted from its text.
    var joinedTokens: Int? = nil
}
