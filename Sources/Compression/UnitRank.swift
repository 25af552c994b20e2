/// How a unit competes for the budget, compared in order: forced text first, then the
/// relevance of its sentence to the question (``SentenceRelevance``), then its protection
/// priority, then its score (surprisal, or a baseline's). So protection yields to the
/// budget class by class (names first, then numbers, boundaries, question words), each
/// class pruned by score, and only forced text never does.
struct UnitRank: Comparable {
    var forced: Bool
    var relevance: Float
    var priority: ProtectionPriority
    var score: Float

    init(_ unit: TextUnit, relevance: Float, score: Float) {
        forced = unit.isForced
        self.relevance = relevance
        priority = unit.priority
        self.score = score
    }

    static func < (a: Self, b: Self) -> Bool {
        if a.forced != b.forced { return !a.forced }
        if a.relevance != b.relevance { return a.relevance < b.relevance }
        if a.priority != b.priority { return a.priority < b.priority }
        return a.score < b.score
    }
}
