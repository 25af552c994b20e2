import Embedding
import QuarryCore

extension Embedder {
    /// `question`'s vector: what the dense retrievers search with, and what selection and
    /// snippet relevance compare with when the retriever did not embed the question.
    func embed(question: String) async throws -> [Float] {
        guard let vector = try await embed([question]).first else {
            throw QuarryError(.internal, "the embedder returned no vector for the question")
        }
        return vector
    }
}
