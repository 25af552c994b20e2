/// Writes the answer to a question from the selected context chunks.
public protocol Generator: Sendable {
    /// The name shown in results (`extractive`, a model name, …).
    var name: String { get }
    func answer(question: String, context: [RetrievedChunk]) throws -> GeneratedAnswer
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
