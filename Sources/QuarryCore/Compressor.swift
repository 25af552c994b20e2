/// The third stage (optional): shortens the selected context so the generator reads
/// fewer tokens with the answer intact. Pieces of the output keep pointing at their
/// source bytes (``ContextPassage/pieces``).
public protocol Compressor: Sendable {
    /// The name shown in results.
    var name: String { get }
    /// `passages` compressed for `question`.
    func compress(question: String, passages: [ContextPassage]) async throws -> [ContextPassage]
}
