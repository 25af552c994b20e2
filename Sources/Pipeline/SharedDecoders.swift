import Foundation
import Models
import Synchronization

/// One loaded `LlamaDecoder` per model file in the process, for as long as anyone holds
/// it: a server's ingest (``ChunkingModels``, perplexity chunking) and query side
/// (``ModelResources``: compression, local generation) then run on one copy of SmolLM2's
/// weights instead of two. A decoder is read-only once loaded (each use makes its own
/// `LlamaSession` for the per-sequence state), so threads share it safely.
final class SharedDecoders: Sendable {
    static let shared = SharedDecoders()

    private struct Entry {
        weak var decoder: LlamaDecoder?
    }

    /// Held weakly: a decoder nobody uses any more is freed, and the next use loads it again.
    private let loaded = Mutex<[String: Entry]>([:])

    /// The decoder of the GGUF file at `path`, loaded now unless one is still in use.
    /// Concurrent first uses wait for one load.
    func decoder(at path: String) throws -> LlamaDecoder {
        let key = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return try loaded.withLock { loaded in
            if let decoder = loaded[key]?.decoder { return decoder }
            let decoder = try LlamaDecoder(path: path)
            loaded[key] = Entry(decoder: decoder)
            return decoder
        }
    }
}
