/// The activation buffers of one `LlamaSession.evaluate` call over T tokens, freed with it.
final class LlamaWorkspace {
    /// Residual stream [T × embedding].
    let x: UnsafeMutablePointer<Float>
    /// Normed residual, the input of the attention and feed-forward projections [T × embedding].
    let normed: UnsafeMutablePointer<Float>
    /// Queries [T × embedding], keys and values [T × keyValueSize].
    let q: UnsafeMutablePointer<Float>, k: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>
    /// Attention output before its projection, and any projection back to the residual [T × embedding].
    let attended: UnsafeMutablePointer<Float>, projected: UnsafeMutablePointer<Float>
    /// Feed-forward gate and up projections [T × feedForward].
    let gate: UnsafeMutablePointer<Float>, up: UnsafeMutablePointer<Float>
    /// Batched path only: one weight matrix decoded to Float32.
    let weights: UnsafeMutablePointer<Float>
    private let all: [UnsafeMutablePointer<Float>]

    init(rows t: Int, configuration config: LlamaConfiguration, batched: Bool) {
        let h = config.embeddingSize, kv = config.keyValueSize, f = config.feedForwardSize
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
            pointer.initialize(repeating: 0, count: max(1, count))
            return pointer
        }
        x = buffer(t * h); normed = buffer(t * h)
        q = buffer(t * h); k = buffer(t * kv); v = buffer(t * kv)
        attended = buffer(t * h); projected = buffer(t * h)
        gate = buffer(t * f); up = buffer(t * f)
        weights = buffer(batched ? max(h, f) * h : 0)
        all = [x, normed, q, k, v, attended, projected, gate, up, weights]
    }

    deinit { all.forEach { $0.deallocate() } }
}
