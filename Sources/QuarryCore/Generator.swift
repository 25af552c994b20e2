/// The last stage: writes the answer from the context, as a stream.
public protocol Generator: Sendable {
    /// The name shown in results (`extractive`, a model name, …).
    var name: String { get }
    /// Streams the answer to `question` from `context`: text as it is produced, then
    /// exactly one `.finished` with the whole answer and its citations. Cancelling
    /// the consuming task stops the generator.
    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error>
    /// ``generate(question:context:)`` given the question's embedding from retrieval
    /// (``Retrieval/questionVector``, nil when the retriever did not embed it), for a
    /// generator that compares meanings with the question. By default the vector is not used.
    func generate(
        question: String, questionVector: [Float]?, context: [ContextPassage]
    ) -> AsyncThrowingStream<GenerationEvent, any Error>
}

extension Generator {
    public func generate(
        question: String, questionVector: [Float]?, context: [ContextPassage]
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        generate(question: question, context: context)
    }
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
    /// What is wrong with the answer's citations; empty when every claim cites a source it was given.
    public var citationFlags: [CitationFlag]
    /// The answer was cut by the token limit, not ended by the model.
    public var truncated: Bool
    /// The model's prompt and answer tokens, from generators that run a model.
    public var usage: TokenUsage?

    public init(
        text: String, citations: [Citation], citationFlags: [CitationFlag] = [], truncated: Bool = false,
        usage: TokenUsage? = nil
    ) {
        self.text = text
        self.citations = citations
        self.citationFlags = citationFlags
        self.truncated = truncated
        self.usage = usage
    }
}

/// The tokens a model read and wrote for one answer (`usage` of a chat completion).
public struct TokenUsage: Sendable, Equatable {
    public var promptTokens: Int
    public var completionTokens: Int

    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

/// A problem with how an answer cites its sources (`citation_flags` in the JSON).
public enum CitationFlag: String, Sendable, Codable, Equatable, CaseIterable {
    /// The answer cites no source at all.
    case citesNothing = "cites_nothing"
    /// The answer cites a source number it was not given (`[7]` with five sources).
    case citesUnknownSource = "cites_unknown_source"
}
