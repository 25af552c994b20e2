/// Turns texts into fixed-width vectors; the stage between chunking and the dense index.
public protocol Embedder: Sendable {
    /// Width of every vector `embed` returns.
    var dimensions: Int { get }
    /// A name identifying the model, stored with indexes so vectors are never mixed.
    var modelName: String { get }
    /// One vector per text, in order.
    func embed(_ texts: [String]) throws -> [[Float]]
}
