import QuarryCore

/// A chunker setting that cannot work is the user's to fix: exit 1, HTTP 400.
extension ChunkingError: QuarryErrorConvertible {
    public var quarryError: QuarryError { QuarryError(.invalidInput, description) }
}
