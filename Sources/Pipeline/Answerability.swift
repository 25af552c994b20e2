import Generation
import QuarryCore

/// Whether the index holds anything that can answer a question: a generator handed no
/// context, or context the question's embedding is far from, invents (SmolLM2 answered
/// a question with 0 context tokens by making up a definition). Such a question gets
/// ``nothingFound`` and no generator runs, whichever generator was chosen.
public enum Answerability {
    /// The answer when the index holds nothing close enough to the question.
    public static let nothingFound = ExtractiveGenerator.noAnswer

    /// The lowest best question–chunk cosine similarity (MiniLM) that is still answered.
    /// Measured (README, Generation): the first 100 SQuAD dev subset questions against
    /// their own corpus all reach 0.256 or more (5 are below 0.32, every one with its
    /// answer in the context); the first 40 against the PostgreSQL manual sample range
    /// 0.12–0.30, 34 of them below 0.25. At 0.3, 3 answerable questions would go.
    public static let minimumSimilarity: Float = 0.25

    /// False when nothing reached the generator or, where the retriever embeds the
    /// question, no chunk is as similar to it as `minimumSimilarity`.
    public static func answerable(
        _ retrieval: Retrieval, context: [ContextPassage], minimumSimilarity: Float = minimumSimilarity
    ) -> Bool {
        guard context.contains(where: { !$0.text.isEmpty }) else { return false }
        guard let similarity = retrieval.bestSimilarity else { return true }
        return similarity >= minimumSimilarity
    }
}
