/// How the extractive generator answers (`--answer-style`).
public enum ExtractiveStyle: String, Sendable, CaseIterable {
    /// The three sentences that best cover the question's terms, in context order (the default).
    case sentences
    /// The shortest passage that answers: the best sentence, extended into what it
    /// announces, a close second passage and a multi-hop question's second hop
    /// (docs/methods/generation.md; not the default until it keeps the sentences'
    /// containment on every evaluation set).
    case snippets
}
