import Foundation
import Models
import QuarryCore

/// The chat turns that ask a language model to answer from numbered sources and cite
/// them in brackets: a system turn with the rules, then one user turn holding the
/// sources (`[1] title\ntext`) and the question.
public struct CitationPrompt: Sendable {
    /// The instruction the model gets as its system turn.
    public static let instruction = """
        You answer questions using only the numbered sources you are given. \
        Answer in one to three short sentences. After each sentence, cite the sources \
        it uses as bracketed numbers, like [1] or [2][3]. If the sources do not contain \
        the answer, say that you do not know.
        """

    /// The passages in the order they are numbered: `sources[0]` is `[1]`.
    public let sources: [ContextPassage]
    public let question: String

    /// Numbers `context` (best first) in `order`.
    public init(question: String, context: [ContextPassage], order: SourceOrder = .relevanceFirst) {
        self.question = question
        sources = order.arrange(context)
    }

    /// The system and user turns.
    public var messages: [ChatMessage] {
        [ChatMessage(role: "system", content: Self.instruction), ChatMessage(role: "user", content: userTurn)]
    }

    /// The sources, numbered, then the question.
    public var userTurn: String {
        var text = "Sources:\n"
        for (offset, passage) in sources.enumerated() {
            let title = passage.chunk.title.map { " \($0)" } ?? ""
            text += "[\(offset + 1)]\(title)\n\(passage.text.trimmingCharacters(in: .whitespacesAndNewlines))\n\n"
        }
        text += "Question: \(question)"
        return text
    }
}
