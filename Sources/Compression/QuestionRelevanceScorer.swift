/// A cheap question-aware layer over another scorer (LongLLMLingua's coarse question
/// conditioning, measured as a lexical proxy instead of an LM pass): each sentence of a
/// passage is ranked by how many of the question's content words it contains, and its
/// tokens' scores are raised by `weight` per matched word, so the sentences that answer
/// the question are kept whole before the base scorer's surprisal decides the rest.
public struct QuestionRelevanceScorer: TokenScorer {
    public var name: String { base.name + "+question" }
    let base: any TokenScorer
    let weight: Float

    public init(base: any TokenScorer, weight: Float = 100) {
        self.base = base
        self.weight = weight
    }

    /// Words too common to say what a question is about.
    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "was", "were", "what", "which", "who", "whom", "whose", "when", "where", "why",
        "how", "did", "does", "has", "have", "had", "with", "from", "that", "this", "these", "those", "into", "than",
        "then", "there", "their", "they", "its", "can", "could", "would", "should", "will", "may", "might", "been",
        "being", "about", "many", "much", "name", "not", "any", "all", "one", "also", "other", "some", "such",
    ]

    public func scores(question: String, passages: [TokenizedPassage], keepRates: [Double]) async throws -> [[Float]] {
        var scores = try await base.scores(question: question, passages: passages, keepRates: keepRates)
        let wanted = Set(Self.words(Array(question.utf8)).filter { $0.count >= 3 && !Self.stopWords.contains($0) })
        guard !wanted.isEmpty else { return scores }
        for (p, passage) in passages.enumerated() {
            let bytes = Array(passage.passage.text.utf8)
            for sentence in Self.sentences(bytes) {
                let matched = Set(Self.words(Array(bytes[sentence]))).intersection(wanted).count
                guard matched > 0 else { continue }
                for t in 0..<passage.tokenCount where sentence.contains(passage.tokenStarts[t]) {
                    scores[p][t] += weight * Float(matched)
                }
            }
        }
        return scores
    }

    /// Lower-cased runs of ASCII letters and digits (and any non-ASCII byte).
    static func words(_ bytes: [UInt8]) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte >= 0x80 || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) {
                current.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll()
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Sentence byte ranges: ends at ".", "?" or "!" before a space, and at line breaks.
    static func sentences(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (i, byte) in bytes.enumerated() {
            let end = byte == 0x0A || ((byte == 0x2E || byte == 0x3F || byte == 0x21) && (i + 1 == bytes.count || UnitSegmenter.isSpace(bytes[i + 1])))
            if end {
                ranges.append(start..<(i + 1))
                start = i + 1
            }
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }
}
