/// Splits text into sentences without a language model or NLTK.
///
/// A sentence ends at `.` `!` `?` `…` (and `।` `؟` `۔`) followed by white space, at the
/// CJK marks `。！？` at once, and at every paragraph break (a blank line). Closing
/// quotes and brackets after the mark stay with the sentence (`He said "no."`).
///
/// A period does not end a sentence inside a token (decimals `3.14`, versions
/// `1.2.3`, URLs, e-mail addresses), after an abbreviation (`Dr.`, `Mr.`, `Fig.`,
/// `vs.`, `et al.`, `No. 5`), an initial (`J. R. R. Tolkien`) or a dotted acronym
/// (`U.S.`, `e.g.`, `i.e.`), after a number opening a sentence (`1. Install`,
/// `8.1.1. Integer Types`), nor when the next word starts with a lowercase letter
/// (`etc. and so on`). The scan is linear in the text's UTF-8 length.
public struct SentenceSplitter: Sendable {
    /// Creates a splitter; it has no settings.
    public init() {}

    /// The sentences of `text` in order, each trimmed of surrounding white space, with
    /// their UTF-8 byte ranges in `text`. Every non-whitespace character of `text`
    /// belongs to exactly one sentence.
    public func split(_ text: String) -> [Sentence] {
        var source = text
        source.makeContiguousUTF8()
        let ranges = source.utf8.withContiguousStorageIfAvailable { bytes -> [Range<Int>] in
            var scanner = SentenceBoundaryScanner(bytes: bytes)
            return scanner.scan()
        } ?? []
        return ranges.map { Sentence(text: source.slice(bytes: $0), byteRange: $0) }
    }
}
