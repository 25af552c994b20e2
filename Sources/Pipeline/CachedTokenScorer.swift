import Chunking
import Crypto
import Foundation

/// A scorer that keeps each window's log-probabilities in a folder, keyed by the model and
/// the window's token ids, so re-chunking the same text (another target size, another
/// evaluation index) skips the language model. Opt-in: `QUARRY_SCORE_CACHE=DIR`.
/// A file that cannot be read or has the wrong length is scored again and rewritten.
public struct CachedTokenScorer: CausalTokenScorer {
    public let scorer: any CausalTokenScorer
    public let folder: URL
    /// Names the model (its file), so two models never share entries.
    public let model: String

    /// Caches `scorer`'s answers under `folder` (created when missing).
    public init(_ scorer: any CausalTokenScorer, folder: URL, model: String) throws {
        self.scorer = scorer
        self.folder = folder
        self.model = model
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    public func logProbabilities(of tokens: [Int]) throws -> [Float] {
        var hasher = SHA256()
        hasher.update(data: Data(model.utf8))
        tokens.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let name = hasher.finalize().prefix(20).map { String(format: "%02x", $0) }.joined()
        let file = folder.appendingPathComponent(name + ".f32")
        let expected = max(0, tokens.count - 1)
        if let data = try? Data(contentsOf: file), data.count == expected * MemoryLayout<Float>.size {
            return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        }
        let values = try scorer.logProbabilities(of: tokens)
        try? values.withUnsafeBytes { Data($0) }.write(to: file, options: .atomic)
        return values
    }
}
