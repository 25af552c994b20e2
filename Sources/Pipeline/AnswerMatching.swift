import Generation

/// SQuAD's answer normalisation and its measures (the official evaluation script's
/// rules): lower case, ASCII punctuation removed, the articles a/an/the removed,
/// white space collapsed; exact match and token F1 against the best gold answer, and
/// whether an answer survives in a context or is contained in a generated answer.
public enum AnswerMatching {
    /// `text` as the words SQuAD compares.
    public static func normalizedTokens(_ text: String) -> [Substring] {
        var kept = ""
        kept.reserveCapacity(text.utf8.count)
        for character in text.lowercased() where !(character.isASCII && character.isPunctuationOrSymbol) {
            kept.append(character)
        }
        return kept.split(whereSeparator: \.isWhitespace).filter { $0 != "a" && $0 != "an" && $0 != "the" }
    }

    /// 1 when `prediction` and a gold answer normalise to the same words, else 0.
    public static func exactMatch(_ prediction: String, answers: [String]) -> Double {
        let predicted = normalizedTokens(prediction)
        return answers.contains { normalizedTokens($0) == predicted } ? 1 : 0
    }

    /// The best token F1 of `prediction` against the gold answers.
    public static func f1(_ prediction: String, answers: [String]) -> Double {
        let predicted = normalizedTokens(prediction)
        return answers.map { answer in
            let gold = normalizedTokens(answer)
            if predicted.isEmpty || gold.isEmpty { return predicted == gold ? 1 : 0 }
            var remaining: [Substring: Int] = [:]
            for token in gold { remaining[token, default: 0] += 1 }
            var common = 0
            for token in predicted where (remaining[token] ?? 0) > 0 {
                remaining[token]! -= 1
                common += 1
            }
            guard common > 0 else { return 0 }
            let precision = Double(common) / Double(predicted.count)
            let recall = Double(common) / Double(gold.count)
            return 2 * precision * recall / (precision + recall)
        }.max() ?? 0
    }

    /// Whether a gold answer's normalised words occur, in order and contiguous, among
    /// `context`'s normalised words (so "50" does not survive in "1950").
    public static func survives(answers: [String], in context: String) -> Bool {
        let words = normalizedTokens(context)
        return answers.contains { answer in
            let needle = normalizedTokens(answer)
            guard !needle.isEmpty, needle.count <= words.count else { return false }
            return (0...(words.count - needle.count)).contains { start in
                words[start] == needle[0] && words[start..<(start + needle.count)].elementsEqual(needle)
            }
        }
    }
}

extension AnswerMatching {
    /// Whether a gold answer's words occur contiguously in `answer` once its citation
    /// markers are removed (`answer_containment`), and the answer's length in SQuAD's
    /// words (`answer_words`).
    public static func containment(answers: [String], in answer: String) -> (contained: Bool, words: Int) {
        let plain = CitationParser.removingMarkers(from: answer)
        return (survives(answers: answers, in: plain), normalizedTokens(plain).count)
    }
}

extension Character {
    /// Python's `string.punctuation` for ASCII characters: what SQuAD strips.
    fileprivate var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
}
