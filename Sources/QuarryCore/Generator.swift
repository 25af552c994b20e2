/// The last stage: writes the answer from the context, as a stream.
public protocol Generator: Sendable {
    /// The name shown in results (`extractive`, a model name, …).
    var name: String { get }
    /// Streams the answer to `question` from `context`: text as it is produced, then
    /// exactly one `.finished` with the whole answer and its citations. Cancelling
    /// the consuming task stops the generator.
    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error>
}

/// What a generator streams.
public enum GenerationEvent: Sendable, Equatable {
    /// The next piece of answer text.
    case text(String)
    /// The whole answer, last.
    case finished(GeneratedAnswer)
}

/// An answer and the places it was taken from.
public struct GeneratedAnswer: Sendable, Equatable {
    public var text: String
    public var citations: [Citation]

    public init(text: String, citations: [Citation]) {
        self.text = text
        self.citations = citations
    }
}
