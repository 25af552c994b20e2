import QuarryCore

/// The answer loop the model generators share (``LocalGenerator``, ``OpenAIGenerator``):
/// the numbered-sources prompt, the model's text streamed through the stop sequences
/// as it comes, then the whole answer, trimmed, with its citations mapped to the
/// prompt's sources. Cancelling the consumer cancels the model's loop.
enum CitedAnswerStream {
    /// Streams the answer to `question` over `context`; `write` runs the model for the
    /// prompt and hands its raw text to the writer, stopping when the model ends or
    /// ``AnswerWriter/stopped`` says a stop sequence ended the answer.
    static func make(
        settings: GenerationSettings, question: String, context: [ContextPassage],
        write: @escaping @Sendable (CitationPrompt, inout AnswerWriter) async throws -> Void
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try settings.validate()
                    let prompt = CitationPrompt(question: question, context: context, order: settings.sourceOrder)
                    var writer = AnswerWriter(stopSequences: settings.stopSequences, continuation: continuation)
                    try await write(prompt, &writer)
                    var answer = CitationParser.answer(writer.finish(), sources: prompt.sources)
                    answer.truncated = writer.truncated
                    answer.usage = writer.usage
                    continuation.yield(.finished(answer))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Passes a model's text on to the consumer through the stop sequences and keeps the
/// whole answer.
struct AnswerWriter {
    private var filter: StopSequenceFilter
    private var answer = ""
    private let continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation

    init(stopSequences: [String], continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation) {
        filter = StopSequenceFilter(stopSequences: stopSequences)
        self.continuation = continuation
    }

    /// True once a stop sequence appeared: the model can stop.
    var stopped: Bool { filter.stopped }
    /// Set by the model's loop when the token limit, not the model, ended the answer.
    var truncated = false
    /// Set by a model's loop that counts its prompt and answer tokens.
    var usage: TokenUsage?

    /// Streams what of `piece` passes the stop sequences.
    mutating func write(_ piece: String) {
        emit(filter.feed(piece))
    }

    /// Streams the text held back for a possible stop sequence and returns the whole
    /// answer, trimmed.
    mutating func finish() -> String {
        emit(filter.flush())
        return answer.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private mutating func emit(_ text: String) {
        guard !text.isEmpty else { return }
        answer += text
        continuation.yield(.text(text))
    }
}
