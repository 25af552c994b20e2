import Foundation

/// What the per-question configuration looks at: the question's length, how many named
/// things it mentions, and whether it compares two things or bridges through one to another.
public struct QuestionFeatures: Sendable, Equatable {
    /// Words in the question.
    public var words: Int
    /// Runs of capitalised words after the first word, quoted phrases and numbers: a proxy
    /// for the entities a multi-hop question must find paragraphs about.
    public var entities: Int
    /// "Are both…", "which … first", "older", "the same": two things set side by side.
    public var comparison: Bool
    /// "the … of the …", "whose", "that": one fact leads to another.
    public var bridge: Bool

    public init(words: Int, entities: Int, comparison: Bool, bridge: Bool) {
        self.words = words
        self.entities = entities
        self.comparison = comparison
        self.bridge = bridge
    }

    static let comparisonCues: Set<String> = [
        "both", "either", "same", "older", "younger", "earlier", "later", "first", "more", "less", "larger",
        "smaller", "longer", "shorter", "higher", "lower", "bigger", "than", "compare", "between",
    ]
    static let bridgeCues: Set<String> = ["whose", "that", "which", "who", "where", "when"]

    /// The features of `question`.
    public init(question: String) {
        let tokens = question.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let lowered = tokens.map { $0.lowercased().trimmingCharacters(in: .punctuationCharacters) }
        words = tokens.count
        var entities = 0
        var inRun = false
        for (position, token) in tokens.enumerated() {
            let capitalised = token.first.map { $0.isUppercase || $0.isNumber || $0 == "\"" } ?? false
            if capitalised && position > 0 {
                if !inRun { entities += 1 }
                inRun = true
            } else {
                inRun = false
            }
        }
        self.entities = entities
        let firstWord = lowered.first ?? ""
        let yesNo = ["are", "is", "was", "were", "do", "does", "did"].contains(firstWord)
        comparison = lowered.contains { Self.comparisonCues.contains($0) } || (yesNo && lowered.contains("and"))
            || (lowered.contains("or") && ["which", "who"].contains(firstWord))
        bridge = lowered.dropFirst().contains { Self.bridgeCues.contains($0) }
            || zip(lowered, lowered.dropFirst()).contains { $0 == "of" && $1 == "the" }
    }
}
