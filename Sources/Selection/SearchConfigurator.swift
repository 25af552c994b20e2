/// CORAG's configuration agent, simplified: chooses the search's settings for a question.
public protocol SearchConfigurator: Sendable {
    /// The settings to search `question` with, starting from `base`.
    func settings(for question: String, base: SearchSettings) -> SearchSettings
}

/// Measured rules from question features (README, "Chunk selection", shows them against
/// the fixed base setting on multihop-dev): a question that names several things or
/// compares them needs several paragraphs together, so it gets more iterations and no
/// pull towards short contexts; a short single-entity question is answered by one
/// paragraph, so the search leans to cheap combinations and exploits.
public struct QuestionRules: SearchConfigurator {
    public init() {}

    public func settings(for question: String, base: SearchSettings) -> SearchSettings {
        let features = QuestionFeatures(question: question)
        var settings = base
        if features.comparison || features.entities >= 2 || (features.bridge && features.words >= 15) {
            settings.iterations = base.iterations * 2
            settings.exploration = base.exploration * 1.5
            settings.costPenalty = 0
        } else if features.words <= 10 && features.entities <= 1 {
            settings.exploration = base.exploration * 0.5
            settings.costPenalty = base.costPenalty * 3
        }
        return settings
    }
}

/// One setting for every question: the baseline the rules are measured against.
public struct FixedSettings: SearchConfigurator {
    public init() {}

    public func settings(for question: String, base: SearchSettings) -> SearchSettings { base }
}
