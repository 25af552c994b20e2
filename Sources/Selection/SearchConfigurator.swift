/// CORAG's configuration agent, simplified: chooses the search's settings for a question.
public protocol SearchConfigurator: Sendable {
    /// The settings to search `question` with, starting from `base`.
    func settings(for question: String, base: SearchSettings) -> SearchSettings
}

/// Rules from question features: a question that names several things, compares them or
/// bridges through a long chain gets twice the iterations and 1.5 × the exploration.
/// Measured against the fixed setting on multihop-dev (README, "Chunk selection"): no
/// better yet (better at 1,024 tokens, worse at 512, equal at 256), so ``MCTSSelector``
/// searches with the fixed setting by default.
public struct QuestionRules: SearchConfigurator {
    public init() {}

    public func settings(for question: String, base: SearchSettings) -> SearchSettings {
        let features = QuestionFeatures(question: question)
        var settings = base
        if features.comparison || features.entities >= 2 || (features.bridge && features.words >= 15) {
            settings.iterations = base.iterations * 2
            settings.exploration = base.exploration * 1.5
        }
        return settings
    }
}

/// One setting for every question: the baseline the rules are measured against.
public struct FixedSettings: SearchConfigurator {
    public init() {}

    public func settings(for question: String, base: SearchSettings) -> SearchSettings { base }
}
