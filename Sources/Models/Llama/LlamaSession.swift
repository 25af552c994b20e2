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
    /// Keys and values per layer: [layers × capacity × keyValueSize] each.
    let keys: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>

    init(decoder: LlamaDecoder, capacity: Int) {
        self.decoder = decoder
        self.capacity = max(0, capacity)
        let size = decoder.configuration.layerCount * self.capacity * decoder.configuration.keyValueSize
        keys = .allocate(capacity: size)
        values = .allocate(capacity: size)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Forgets every evaluated token.
    public func reset() { count = 0 }

    /// Drops evaluated tokens past the first `newCount` (to rewind after a trial continuation).
    public func truncate(to newCount: Int) { count = min(count, max(0, newCount)) }

    /// Evaluates `tokens` after those already cached and returns the next-token logits
    /// after the last of them [vocabulary]. Throws a `ModelError`, leaving the cache as it
    /// was, when `tokens` is empty, holds an id outside the vocabulary, or would take the
    /// session past its capacity.
    public func appendAndPredict(_ tokens: [Int]) throws -> [Float] {
        guard !tokens.isEmpty else { throw ModelError("LlamaSession.appendAndPredict needs at least one token") }
        let hidden = try evaluate(tokens)
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
    /// returns the final-normed hidden states [T × embedding]. Throws before touching the
    /// cache when a token id is outside the vocabulary or the cache would overflow.
    func evaluate(_ tokens: [Int]) throws -> [Float] {
        let config = decoder.configuration
        let t = tokens.count
        try decoder.validate(tokens)
        guard t <= capacity - count else {
            throw ModelError("\(decoder.path): \(count) cached + \(t) new tokens exceed this session's KV-cache capacity of \(capacity) tokens; make the session with a larger capacity or truncate it first")
        }
        let h = config.embeddingSize, kv = config.keyValueSize, f = config.feedForwardSize
        let work = LlamaWorkspace(rows: t, configuration: config, batched: t >= Self.batchThreshold)
        for (row, token) in tokens.enumerated() {
            decoder.tokenEmbedding.decodeRows(token..<(token + 1), into: work.x + row * h)
        }
        for (index, layer) in decoder.layers.enumerated() {
            let layerKeys = keys + index * capacity * kv, layerValues = values + index * capacity * kv
            Normalization.rmsNorm(work.x, rows: t, width: h, weight: layer.attentionNorm, epsilon: config.rmsEpsilon, into: work.normed)
            project(work.normed, rows: t, [(layer.query, work.q), (layer.key, work.k), (layer.value, work.v)], work)
            for row in 0..<t {
                decoder.rope.apply(work.q + row * h, heads: config.headCount, headSize: config.headSize, position: count + row)
                decoder.rope.apply(work.k + row * kv, heads: config.keyValueHeadCount, headSize: config.headSize, position: count + row)
            }
            (layerKeys + count * kv).update(from: work.k, count: t * kv)
            (layerValues + count * kv).update(from: work.v, count: t * kv)
            attend(work.q, rows: t, keys: layerKeys, values: layerValues, into: work.attended)
            project(work.attended, rows: t, [(layer.output, work.projected)], work)
            for i in 0..<(t * h) { work.x[i] += work.projected[i] }
            Normalization.rmsNorm(work.x, rows: t, width: h, weight: layer.feedForwardNorm, epsilon: config.rmsEpsilon, into: work.normed)
            project(work.normed, rows: t, [(layer.gate, work.gate), (layer.up, work.up)], work)
            Activations.siluMultiply(work.gate, work.up, count: t * f)
            project(work.gate, rows: t, [(layer.down, work.projected)], work)
            for i in 0..<(t * h) { work.x[i] += work.projected[i] }
        }
        Normalization.rmsNorm(work.x, rows: t, width: h, weight: decoder.outputNorm, epsilon: config.rmsEpsilon, into: work.normed)
        count += t
        return Array(UnsafeBufferPointer(start: work.normed, count: t * h))
    }

    /// Batches at least this long decode weights to Float32 and use sgemm.
    static let batchThreshold = 4

    /// output_i[rows × W_i.rows] = input[rows × columns] · W_iᵀ for matrices sharing one
    /// input. Short inputs use the quantised matvec kernels (8-bit activations, as in
    /// llama.cpp's token generation), one split across cores per row; batches run sgemm on
    /// weights decoded to Float32 with Float32 activations, the more exact path that
    /// scoring and prompt evaluation take.
    private func project(
        _ input: UnsafeMutablePointer<Float>, rows: Int,
        _ products: [(matrix: QuantizedMatrix, output: UnsafeMutablePointer<Float>)], _ work: LlamaWorkspace
    ) {
        let columns = products[0].matrix.columns
        if rows < Self.batchThreshold {
            let quantized = products.contains { $0.matrix.quantizesInput } ? QuantizedActivations(input, rows: rows, columns: columns) : nil
            withExtendedLifetime(quantized) {
                for r in 0..<rows {
                    let outputs = products.map { (matrix: $0.matrix, output: $0.output + r * $0.matrix.rows) }
                    QuantizedMatrix.multiply(outputs, input: input + r * columns, quantized: quantized?.row(r))
                }
            }
            return
        }
        for (matrix, output) in products {
            matrix.decodeRows(0..<matrix.rows, into: work.weights)
            Matmul.linear(input, rows: rows, inputs: columns, weight: work.weights, outputs: matrix.rows, bias: nil, into: output)
        }
    }

    /// Query rows per work item of batched attention: their scores against every visible
    /// key (32 × 4,096 floats at a 4k context, 512 KB) stay in a core's L2 cache between
    /// the two products and the softmax, where one head's T × total matrix would not.
    static let attentionBlockRows = 32

    /// Causal grouped-query attention of the new queries q[T × heads·d] over the cached
    /// keys and values 0…count+T−1 of one layer: out = softmax(Q·Kᵀ/√d, causal) · V per head.
    /// Batches run per head and block of query rows, each block over only the keys it sees.
    private func attend(
        _ q: UnsafeMutablePointer<Float>, rows t: Int, keys: UnsafeMutablePointer<Float>,
        values: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>
    ) {
        let config = decoder.configuration
        let d = config.headSize, h = config.embeddingSize, kv = config.keyValueSize
        let total = count + t, past = count
        let group = config.headCount / config.keyValueHeadCount
        let scale = 1 / Float(d).squareRoot()
        let qs = SharedPointer(q), ks = SharedPointer(keys), vs = SharedPointer(values), os = SharedPointer(out)
        if t == 1 {
            DispatchQueue.concurrentPerform(iterations: config.headCount) { head in
                let kvHead = head / group
                let scores = UnsafeMutablePointer<Float>.allocate(capacity: total)
                defer { scores.deallocate() }
                // One query: two matrix-vector products avoid sgemm's packing.
                Matmul.gemv(transpose: false, m: total, n: d, alpha: scale, a: ks.base + kvHead * d, lda: kv,
                            x: qs.base + head * d, y: scores)
                Softmax.apply(scores, count: total)
                Matmul.gemv(transpose: true, m: total, n: d, a: vs.base + kvHead * d, lda: kv,
                            x: scores, y: os.base + head * d)
            }
            return
        }
        let blockRows = Self.attentionBlockRows
        let blocks = (t + blockRows - 1) / blockRows
        // Many small items (head-major within each block of queries) keep both cores busy to the end.
        DispatchQueue.concurrentPerform(iterations: blocks * config.headCount) { item in
            let head = item % config.headCount, kvHead = head / group
            let first = (item / config.headCount) * blockRows, rows = min(blockRows, t - first)
            let seen = past + first + rows  // keys the block's last query sees
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: rows * seen)
            defer { scores.deallocate() }
            // scores[rows × seen] = Q_head[first…][rows × d] · K_kvHead[seen × d]ᵀ · scale
            Matmul.gemm(transposeA: false, transposeB: true, m: rows, n: seen, k: d, alpha: scale,
                        a: qs.base + first * h + head * d, lda: h, b: ks.base + kvHead * d, ldb: kv,
                        c: scores, ldc: seen)
            for row in 0..<rows {
                let visible = past + first + row + 1
                Softmax.apply(scores + row * seen, count: visible)
                (scores + row * seen + visible).update(repeating: 0, count: seen - visible)
            }
            // out_head[first…][rows × d] = P[rows × seen] · V_kvHead[seen × d]
            Matmul.gemm(transposeA: false, transposeB: false, m: rows, n: d, k: seen,
                        a: scores, lda: seen, b: vs.base + kvHead * d, ldb: kv,
                        c: os.base + first * h + head * d, ldc: h)
        }
    }
}
