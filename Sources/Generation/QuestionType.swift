/// The kind of answer a question asks for, read from its first three words: a feature
/// of the extractive generator's sentence score.
public enum QuestionType: Sendable, Equatable {
    /// "How do I …", "How to …", "How can …": a command or an example answers it ("How does …" asks
    /// for an explanation).
    case howTo
    /// "How many …", "How much …", "When …", "In what year …": a number or a date answers it.
    case quantity
    case other

    /// The type of `question`.
    public init(question: String) {
        let words = question.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(3).map(String.init)
        let first = words.first ?? ""
        let second = words.dropFirst().first ?? ""
        if first == "how" && Self.howToVerbs.contains(second) {
            self = .howTo
        } else if (first == "how" && Self.howMuch.contains(second)) || first == "when"
            || words.contains(where: Self.timeWords.contains)
        {
            self = .quantity
        } else {
            self = .other
        }
    }

    private static let howToVerbs: Set = ["do", "can", "should", "to"]
    private static let howMuch: Set = ["many", "much", "long", "old", "far", "large", "big", "often", "tall"]
    private static let timeWords: Set = ["year", "date", "century", "decade"]
}
