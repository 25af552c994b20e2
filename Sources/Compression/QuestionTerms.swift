/// The words of a text as compression compares them with the question: lower-cased runs
/// of ASCII letters and digits (any non-ASCII byte counts as a letter), and the
/// question's content words (three bytes or more, not a stop word).
enum QuestionTerms {
    /// Words too common to say what a question is about.
    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "was", "were", "what", "which", "who", "whom", "whose", "when", "where", "why",
        "how", "did", "does", "has", "have", "had", "with", "from", "that", "this", "these", "those", "into", "than",
        "then", "there", "their", "they", "its", "can", "could", "would", "should", "will", "may", "might", "been",
        "being", "about", "many", "much", "name", "not", "any", "all", "one", "also", "other", "some", "such",
    ]

    /// The content words of `question`.
    static func of(_ question: String) -> Set<String> {
        Set(words(Array(question.utf8)).map(\.text).filter { $0.utf8.count >= 3 && !stopWords.contains($0) })
    }

    /// Each word of `bytes` (lower-cased) with its byte range.
    static func words(_ bytes: ArraySlice<UInt8>) -> [(text: String, range: Range<Int>)] {
        var words: [(text: String, range: Range<Int>)] = []
        var current: [UInt8] = []
        var start = bytes.startIndex
        for i in bytes.indices {
            let byte = bytes[i]
            let isLetter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if byte >= 0x80 || (0x30...0x39).contains(byte) || isLetter {
                if current.isEmpty { start = i }
                current.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            } else if !current.isEmpty {
                words.append((String(decoding: current, as: UTF8.self), start..<i))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append((String(decoding: current, as: UTF8.self), start..<bytes.endIndex)) }
        return words
    }

    static func words(_ bytes: [UInt8]) -> [(text: String, range: Range<Int>)] { words(bytes[...]) }

    /// Sentence byte ranges: each ends after ".", "?" or "!" before a space or the end,
    /// or after a line break.
    static func sentences(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where isSentenceEnd(bytes, at: i) || byte == 0x0A {
            ranges.append(start..<(i + 1))
            start = i + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }

    /// Whether `bytes[i]` is ".", "?" or "!" followed by a space or the end.
    static func isSentenceEnd(_ bytes: [UInt8], at i: Int) -> Bool {
        let byte = bytes[i]
        guard byte == 0x2E || byte == 0x3F || byte == 0x21 else { return false }
        return i + 1 == bytes.count || UnitSegmenter.isSpace(bytes[i + 1])
    }
}
