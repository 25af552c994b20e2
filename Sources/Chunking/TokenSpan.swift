/// A stretch of a document (UTF-8 byte range) and its token count: the unit chunkers pack.
struct TokenSpan: Equatable {
    var range: Range<Int>
    var tokens: Int
}
