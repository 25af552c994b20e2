/// Turns texts into fixed-width vectors; the stage between chunking and the dense index.
public protocol Embedder: Sendable {
    /// Width of every vector `embed` returns.
    var dimensions: Int { get }
    /// A name identifying the model, stored with indexes so vectors are never mixed.
    var modelName: String { get }
    /// One vector per text, in order. An in-process model computes on Quarry's own
    /// threads and a remote one is awaited, so the caller's thread is never held.
    func embed(_ texts: [String]) async throws -> [[Float]]
}
