/// The word-level view of texts the evidence reward needs: content words of a question,
/// the word set of a chunk, and word trigrams for overlap. Lower-cased letter/digit runs;
/// a plural or possessive "s" is dropped so "films" meets "film".
enum EvidenceText {
    /// Words a question asks with rather than about.
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "been", "by", "did", "do", "does", "for", "from", "had", "has",
        "have", "he", "her", "his", "how", "in", "is", "it", "its", "of", "on", "or", "she", "that", "the", "their",
        "them", "they", "this", "to", "was", "were", "what", "when", "where", "which", "who", "whom", "whose", "why",
        "with", "would", "than", "there", "these", "those", "into", "also", "both", "same", "many", "much", "one",
        "can", "could", "after", "before", "about", "during", "name", "other", "any", "all", "not", "no", "yes",
        "so", "then", "we", "you", "i", "our", "your", "more", "most", "first",
    ]

    /// The normalised words of `text`, in order.
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            result.append(normalise(current))
            current = ""
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// The question's distinct content words, in first-seen order.
    static func contentWords(_ text: String) -> [String] {
        var seen: Set<String> = []
        return words(text).filter { !stopWords.contains($0) && seen.insert($0).inserted }
    }

    /// The word trigrams of `words`, space-joined (the words themselves when fewer than three).
    static func trigrams(_ words: [String]) -> Set<String> {
        guard words.count >= 3 else { return Set(words) }
        return Set((0...(words.count - 3)).map { "\(words[$0]) \(words[$0 + 1]) \(words[$0 + 2])" })
    }

    private static func normalise(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.count > 3, lower.hasSuffix("s"), !lower.hasSuffix("ss") { return String(lower.dropLast()) }
        return lower
    }
}
