import Dispatch
import Kernels

/// One running sequence of a `LlamaDecoder`: its KV cache and how many tokens it holds.
/// Not thread-safe; make one per concurrent use.
public final class LlamaSession {
    /// The model this session runs.
    public let decoder: LlamaDecoder
    /// Tokens the cache can hold.
    public let capacity: Int
    /// Tokens evaluated so far.
    public private(set) var count = 0
    private var keys: [[Float]]
    private var values: [[Float]]

    init(decoder: LlamaDecoder, capacity: Int) {
        self.decoder = decoder
        self.capacity = capacity
        let size = capacity * decoder.configuration.keyValueSize
        keys = Array(repeating: [Float](repeating: 0, count: size), count: decoder.configuration.layerCount)
        values = keys
    }

    /// Forgets every evaluated token.
    public func reset() { count = 0 }

    /// Drops evaluated tokens past the first `newCount` (to rewind after a trial continuation).
    public func truncate(to newCount: Int) { count = min(count, max(0, newCount)) }

    /// Evaluates `tokens` after those already cached and returns the next-token logits
    /// after the last of them [vocabulary].
    public func appendAndPredict(_ tokens: [Int]) -> [Float] {
        let hidden = evaluate(tokens)
        let h = decoder.configuration.embeddingSize
        var logits = [Float](repeating: 0, count: decoder.configuration.vocabularySize)
        hidden.withUnsafeBufferPointer { hp in
            logits.withUnsafeMutableBufferPointer { lp in
                decoder.computeLogits(hp.baseAddress! + (tokens.count - 1) * h, rows: 1, into: lp.baseAddress!)
            }
        }
        return logits
    }

    /// Runs `tokens` through every layer at positions count…count+T−1, filling the cache;
    /// returns the final-normed hidden states [T × embedding].
    func evaluate(_ tokens: [Int]) -> [Float] {
        let config = decoder.configuration
        let t = tokens.count
        precondition(count + t <= capacity, "LlamaSession: \(count + t) tokens exceed the capacity \(capacity)")
        let h = config.embeddingSize, kv = config.keyValueSize, f = config.feedForwardSize
        var x = [Float](repeating: 0, count: t * h)
        var normed = [Float](repeating: 0, count: t * h)
        var q = [Float](repeating: 0, count: t * h)
        var k = [Float](repeating: 0, count: t * kv)
        var v = [Float](repeating: 0, count: t * kv)
        var attended = [Float](repeating: 0, count: t * h)
        var projected = [Float](repeating: 0, count: t * h)
        var gate = [Float](repeating: 0, count: t * f)
        var up = [Float](repeating: 0, count: t * f)
        var scratch = [Float](repeating: 0, count: t >= Self.batchThreshold ? max(h, f) * max(h, f) : 0)
        x.withUnsafeMutableBufferPointer { xp in
            for (row, token) in tokens.enumerated() {
                decoder.tokenEmbedding.decodeRows(token..<(token + 1), into: xp.baseAddress! + row * h)
            }
        }
        for (index, layer) in decoder.layers.enumerated() {
            Normalization.rmsNorm(x, rows: t, width: h, weight: layer.attentionNorm, epsilon: config.rmsEpsilon, into: &normed)
            project(normed, rows: t, layer.query, into: &q, scratch: &scratch)
            project(normed, rows: t, layer.key, into: &k, scratch: &scratch)
            project(normed, rows: t, layer.value, into: &v, scratch: &scratch)
            q.withUnsafeMutableBufferPointer { qp in
                k.withUnsafeMutableBufferPointer { kp in
                    for row in 0..<t {
                        decoder.rope.apply(qp.baseAddress! + row * h, heads: config.headCount, headSize: config.headSize, position: count + row)
                        decoder.rope.apply(kp.baseAddress! + row * kv, heads: config.keyValueHeadCount, headSize: config.headSize, position: count + row)
                    }
                }
            }
            keys[index].withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: count * kv).update(from: k, count: t * kv) }
            values[index].withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: count * kv).update(from: v, count: t * kv) }
            attend(q, rows: t, layer: index, into: &attended)
            project(attended, rows: t, layer.output, into: &projected, scratch: &scratch)
            for i in 0..<(t * h) { x[i] += projected[i] }
            Normalization.rmsNorm(x, rows: t, width: h, weight: layer.feedForwardNorm, epsilon: config.rmsEpsilon, into: &normed)
            project(normed, rows: t, layer.gate, into: &gate, scratch: &scratch)
            project(normed, rows: t, layer.up, into: &up, scratch: &scratch)
            gate.withUnsafeMutableBufferPointer { Activations.siluMultiply($0.baseAddress!, up, count: t * f) }
            project(gate, rows: t, layer.down, into: &projected, scratch: &scratch)
            for i in 0..<(t * h) { x[i] += projected[i] }
        }
        Normalization.rmsNorm(x, rows: t, width: h, weight: decoder.outputNorm, epsilon: config.rmsEpsilon, into: &normed)
        count += t
        return normed
    }

    /// Batches at least this long decode weights to Float32 and use sgemm.
    static let batchThreshold = 4

    /// out[rows × W.rows] = input[rows × W.columns] · Wᵀ.
    private func project(_ input: [Float], rows: Int, _ w: QuantizedMatrix, into out: inout [Float], scratch: inout [Float]) {
        input.withUnsafeBufferPointer { ip in
            out.withUnsafeMutableBufferPointer { op in
                if rows < Self.batchThreshold {
                    for r in 0..<rows { w.multiply(ip.baseAddress! + r * w.columns, into: op.baseAddress! + r * w.rows) }
                } else {
                    scratch.withUnsafeMutableBufferPointer { sp in
                        w.decodeRows(0..<w.rows, into: sp.baseAddress!)
                        Matmul.linear(ip.baseAddress!, rows: rows, inputs: w.columns, weight: sp.baseAddress!, outputs: w.rows, bias: nil, into: op.baseAddress!)
                    }
                }
            }
        }
    }

    /// Causal grouped-query attention of the new queries q[T × heads·d] over the cached
    /// keys and values 0…count+T−1 of `layer`: out = softmax(Q·Kᵀ/√d, causal) · V per head.
    private func attend(_ q: [Float], rows t: Int, layer: Int, into out: inout [Float]) {
        let config = decoder.configuration
        let d = config.headSize, h = config.embeddingSize, kv = config.keyValueSize
        let total = count + t, past = count
        let group = config.headCount / config.keyValueHeadCount
        let scale = 1 / Float(d).squareRoot()
        q.withUnsafeBufferPointer { qp in
            keys[layer].withUnsafeBufferPointer { kp in
                values[layer].withUnsafeBufferPointer { vp in
                    out.withUnsafeMutableBufferPointer { op in
                        let qs = SharedPointer(readOnly: qp.baseAddress!), ks = SharedPointer(readOnly: kp.baseAddress!)
                        let vs = SharedPointer(readOnly: vp.baseAddress!), os = SharedPointer(op.baseAddress!)
                        DispatchQueue.concurrentPerform(iterations: config.headCount) { head in
                            let kvHead = head / group
                            let scores = UnsafeMutablePointer<Float>.allocate(capacity: t * total)
                            defer { scores.deallocate() }
                            // scores[T × total] = Q_head[T × d] · K_kvHead[total × d]ᵀ · scale
                            Matmul.gemm(transposeA: false, transposeB: true, m: t, n: total, k: d, alpha: scale,
                                        a: qs.base + head * d, lda: h, b: ks.base + kvHead * d, ldb: kv, c: scores, ldc: total)
                            for row in 0..<t {
                                let visible = past + row + 1
                                Softmax.apply(scores + row * total, count: visible)
                                for j in visible..<total { scores[row * total + j] = 0 }
                            }
                            // out_head[T × d] = P[T × total] · V_kvHead[total × d]
                            Matmul.gemm(transposeA: false, transposeB: false, m: t, n: d, k: total,
                                        a: scores, lda: total, b: vs.base + kvHead * d, ldb: kv, c: os.base + head * d, ldc: h)
                        }
                    }
                }
            }
        }
    }
}
