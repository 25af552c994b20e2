/// Pseudo-relevance feedback for multi-hop questions: the second paragraph a question
/// needs often shares no word with it but the bridge entity, a name that the best
/// matching sentences hold. The capitalised words of the ``sources`` best sentences
/// (by their question-term weight) that are neither question terms nor stop words and
/// occur in at most ``maxSentences`` sentences become weaker query terms.
enum BridgeTerms {
    /// How many of the best sentences give their names.
    static let sources = 2
    /// A word in more sentences than this names no entity in particular.
    static let maxSentences = 10

    /// The lower-cased words of a sentence (`words`, cut from `bytes`) written with a
    /// capital letter, three bytes or more.
    static func names(in bytes: [UInt8], words: [(text: String, range: Range<Int>)]) -> Set<String> {
        Set(words.filter { $0.range.count >= 3 && (0x41...0x5A).contains(bytes[$0.range.lowerBound]) }.map(\.text))
    }

    /// The bridge terms: `names` and `weights` are per sentence of all contexts;
    /// `holding` counts the sentences holding each word.
    static func of(
        _ names: [Set<String>], weights: [Float], questionTerms: Set<String>, holding: [String: Int]
    ) -> Set<String> {
        let best = weights.indices.filter { weights[$0] > 0 }
            .sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }
            .prefix(sources)
        var terms: Set<String> = []
        for s in best {
            for name in names[s] where !questionTerms.contains(name) && !QuestionTerms.stopWords.contains(name) {
                if holding[name, default: 0] <= maxSentences { terms.insert(name) }
            }
        }
        return terms
    }
}
