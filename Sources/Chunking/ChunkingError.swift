/// A chunker setting that cannot produce chunks, with what to change.
public struct ChunkingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong and what to do about it.
    public var reason: String

    /// Creates an error with a user-facing reason.
    public init(reason: String) {
        self.reason = reason
    }

    /// The reason, ready to print.
    public var description: String { reason }

    static func invalidTarget(_ targetTokens: Int) -> ChunkingError {
        ChunkingError(reason: "chunk target size must be at least 1 token, got \(targetTokens); "
            + "pass a positive --target-size")
    }
}
