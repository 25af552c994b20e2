/// Turns text into index terms the way bm25s does with `stopwords="en"` and
/// PyStemmer's English stemmer: Unicode words of two or more characters
/// (``WordSegmenter``), lower-cased, stop words dropped, then stemmed. Chinese,
/// Japanese and Korean text, which bm25s keeps as whole clauses, becomes
/// overlapping bigrams as in Lucene's `CJKAnalyzer`, so `首都` finds `日本的首都是东京`.
///
/// Analyze queries with the same analyzer as the documents they search.
public struct Analyzer: Sendable {
    /// Lower-case words dropped before stemming.
    public var stopWords: Set<String>
    /// Whether terms are reduced by ``EnglishStemmer``.
    public var stemming: Bool

    private let stemmer = EnglishStemmer()

    /// An analyzer with the given stop words (default: ``englishStopWords``) and stemming.
    public init(stopWords: Set<String> = Analyzer.englishStopWords, stemming: Bool = true) {
        self.stopWords = stopWords
        self.stemming = stemming
    }

    /// The 33 English stop words of Lucene's `EnglishAnalyzer` and bm25s's `"en"` list.
    public static let englishStopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into",
        "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then",
        "there", "these", "they", "this", "to", "was", "will", "with",
    ]

    /// The analysed terms of `text` in order, repeats kept.
    public func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(in: text) { terms.append($0) }
        return terms
    }

    /// How often each term occurs in `text`, and the number of terms (the document
    /// length BM25 uses: stop words are not counted).
    public func termFrequencies(_ text: String) -> (frequencies: [String: Int], length: Int) {
        var frequencies: [String: Int] = [:]
        var length = 0
        forEachTerm(in: text) { term in
            frequencies[term, default: 0] += 1
            length += 1
        }
        return (frequencies, length)
    }

    private func forEachTerm(in text: String, _ body: (String) -> Void) {
        WordSegmenter.forEachWord(in: text) { word, isCJK in
            guard !stopWords.contains(word) else { return }
            body(stemming && !isCJK ? stemmer.stem(word) : word)
        }
    }
}
