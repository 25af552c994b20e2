import Dispatch
import Foundation
import Kernels

/// A BERT-family sentence encoder run in-process on OpenBLAS: any sentence-transformers
/// folder with `config.json`, `vocab.txt` and `model.safetensors`. Texts are tokenized,
/// capped at the configured sequence length, grouped by length into batches, encoded,
/// pooled and (when the folder says so) L2-normalised.
public final class BertEncoder: Sendable {
    /// The model's shape and pooling.
    public let configuration: BertConfiguration
    /// The WordPiece tokenizer from the folder's `vocab.txt`.
    public let tokenizer: WordPieceTokenizer
    /// The folder the model was loaded from.
    public let folder: String
    private let wordEmbeddings: [Float]
    private let positionEmbeddings: [Float]
    private let tokenTypeEmbedding: [Float]
    private let embeddingNormGamma: [Float], embeddingNormBeta: [Float]
    private let layers: [BertLayerWeights]

    /// Loads the folder at `folder`; throws a `ModelError` naming the file at fault.
    public init(folder: String) throws {
        self.folder = folder
        configuration = try BertConfiguration(folder: folder)
        tokenizer = try WordPieceTokenizer(vocabularyFile: folder + "/vocab.txt", lowercase: configuration.lowercase)
        let file = try SafetensorsFile(path: folder + "/model.safetensors")
        let root = file.tensors["embeddings.word_embeddings.weight"] != nil ? "" : "bert."
        wordEmbeddings = try file.floats(root + "embeddings.word_embeddings.weight")
        positionEmbeddings = try file.floats(root + "embeddings.position_embeddings.weight")
        let types = try file.floats(root + "embeddings.token_type_embeddings.weight")
        tokenTypeEmbedding = Array(types.prefix(configuration.hiddenSize))
        embeddingNormGamma = try file.floats(root + "embeddings.LayerNorm.weight")
        embeddingNormBeta = try file.floats(root + "embeddings.LayerNorm.bias")
        layers = try (0..<configuration.layerCount).map {
            try BertLayerWeights(file: file, prefix: root + "encoder.layer.\($0).")
        }
        guard wordEmbeddings.count == tokenizer.vocabulary.count * configuration.hiddenSize
            || wordEmbeddings.count >= tokenizer.vocabulary.count * configuration.hiddenSize
        else {
            throw ModelError("\(folder): vocab.txt has more entries than model.safetensors has word embeddings")
        }
    }

    /// Width of each sentence vector.
    public var dimensions: Int { configuration.hiddenSize }

    /// Sentence vectors for `texts`, in order. Sequences are grouped by length into
    /// batches of at most `batchSize` so little work goes to padding.
    public func encode(_ texts: [String], batchSize: Int = 32) -> [[Float]] {
        let ids = texts.map { tokenizer.encode($0, maxLength: configuration.maxSequenceLength) }
        return encode(tokenIds: ids, batchSize: batchSize)
    }

    /// Sentence vectors for already tokenized sequences ([CLS] … [SEP], within the cap).
    public func encode(tokenIds ids: [[Int]], batchSize: Int = 32) -> [[Float]] {
        let order = ids.indices.sorted { ids[$0].count < ids[$1].count }
        var result = [[Float]](repeating: [], count: ids.count)
        var start = 0
        while start < order.count {
            let batch = Array(order[start..<min(start + max(1, batchSize), order.count)])
            let vectors = forward(batch.map { ids[$0] })
            for (slot, index) in batch.enumerated() { result[index] = vectors[slot] }
            start += batch.count
        }
        return result
    }

    /// Runs one padded batch through the encoder and pools it: returns one vector per sequence.
    private func forward(_ sequences: [[Int]]) -> [[Float]] {
        let h = configuration.hiddenSize, heads = configuration.headCount, d = h / heads
        let batch = sequences.count
        let length = sequences.map(\.count).max() ?? 0
        let rows = batch * length
        var x = [Float](repeating: 0, count: rows * h)
        var qkv = [Float](repeating: 0, count: rows * 3 * h)
        var context = [Float](repeating: 0, count: rows * h)
        var projected = [Float](repeating: 0, count: rows * h)
        var intermediate = [Float](repeating: 0, count: rows * configuration.intermediateSize)
        embed(sequences, length: length, into: &x)

        let scale = 1 / Float(d).squareRoot()
        for layer in layers {
            x.withUnsafeBufferPointer { xp in
                layer.qkv.withUnsafeBufferPointer { w in
                    layer.qkvBias.withUnsafeBufferPointer { b in
                        qkv.withUnsafeMutableBufferPointer { out in
                            Matmul.linear(xp.baseAddress!, rows: rows, inputs: h, weight: w.baseAddress!, outputs: 3 * h, bias: b.baseAddress!, into: out.baseAddress!)
                        }
                    }
                }
            }
            attention(qkv: qkv, sequences: sequences, length: length, heads: heads, headSize: d, scale: scale, into: &context)
            x.withUnsafeMutableBufferPointer { xp in
                let xBase = xp.baseAddress!
                projected.withUnsafeMutableBufferPointer { pp in
                    context.withUnsafeBufferPointer { cp in
                        Matmul.linear(cp.baseAddress!, rows: rows, inputs: h, weight: layer.attentionOutput, outputs: h, bias: layer.attentionOutputBias, into: pp.baseAddress!)
                    }
                    for i in 0..<(rows * h) { xBase[i] += pp[i] }
                }
                Normalization.layerNorm(xBase, rows: rows, width: h, gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta, epsilon: configuration.layerNormEpsilon)
                intermediate.withUnsafeMutableBufferPointer { ip in
                    Matmul.linear(xBase, rows: rows, inputs: h, weight: layer.intermediate, outputs: configuration.intermediateSize, bias: layer.intermediateBias, into: ip.baseAddress!)
                    Activations.gelu(ip.baseAddress!, count: ip.count)
                    projected.withUnsafeMutableBufferPointer { pp in
                        Matmul.linear(ip.baseAddress!, rows: rows, inputs: configuration.intermediateSize, weight: layer.output, outputs: h, bias: layer.outputBias, into: pp.baseAddress!)
                        for i in 0..<(rows * h) { xBase[i] += pp[i] }
                    }
                }
                Normalization.layerNorm(xBase, rows: rows, width: h, gamma: layer.outputNormGamma, beta: layer.outputNormBeta, epsilon: configuration.layerNormEpsilon)
            }
        }
        return pool(x, sequences: sequences, length: length)
    }

    /// x[batch·length × hidden] ← word + position + token-type(0) embeddings, layer-normed.
    private func embed(_ sequences: [[Int]], length: Int, into x: inout [Float]) {
        let h = configuration.hiddenSize
        x.withUnsafeMutableBufferPointer { xp in
            for (b, ids) in sequences.enumerated() {
                for position in 0..<length {
                    let row = xp.baseAddress! + (b * length + position) * h
                    let id = position < ids.count ? ids[position] : tokenizer.padId
                    for i in 0..<h {
                        row[i] = wordEmbeddings[id * h + i] + positionEmbeddings[position * h + i] + tokenTypeEmbedding[i]
                    }
                }
            }
            Normalization.layerNorm(xp.baseAddress!, rows: sequences.count * length, width: h, gamma: embeddingNormGamma, beta: embeddingNormBeta, epsilon: configuration.layerNormEpsilon)
        }
    }

    /// Scaled dot-product attention per (sequence, head), padding keys masked:
    /// context[b,t,head] = softmax(Q·Kᵀ·scale) · V with Q, K, V read from qkv[rows × 3·hidden].
    private func attention(
        qkv: [Float], sequences: [[Int]], length: Int, heads: Int, headSize d: Int, scale: Float,
        into context: inout [Float]
    ) {
        let h = heads * d
        let stride = 3 * h
        qkv.withUnsafeBufferPointer { qp in
            context.withUnsafeMutableBufferPointer { cp in
                let qShared = SharedPointer(readOnly: qp.baseAddress!)
                let cShared = SharedPointer(cp.baseAddress!)
                let jobs = sequences.count * heads
                DispatchQueue.concurrentPerform(iterations: jobs) { job in
                    let qBase = UnsafePointer(qShared.base), cBase = cShared.base
                    let b = job / heads, head = job % heads
                    let valid = sequences[b].count
                    let rowBase = b * length
                    let q = qBase + rowBase * stride + head * d
                    let scores = UnsafeMutablePointer<Float>.allocate(capacity: valid * valid)
                    defer { scores.deallocate() }
                    // scores[valid×valid] = Q[valid×d] · K[valid×d]ᵀ · scale
                    Matmul.gemm(transposeA: false, transposeB: true, m: valid, n: valid, k: d, alpha: scale,
                                a: q, lda: stride, b: q + h, ldb: stride, c: scores, ldc: valid)
                    for i in 0..<valid { Softmax.apply(scores + i * valid, count: valid) }
                    // context[valid×d] = P[valid×valid] · V[valid×d]
                    Matmul.gemm(transposeA: false, transposeB: false, m: valid, n: d, k: valid,
                                a: scores, lda: valid, b: q + 2 * h, ldb: stride,
                                c: cBase + rowBase * h + head * d, ldc: h)
                }
            }
        }
    }

    /// Pools each sequence's valid rows of x into one vector and L2-normalises when configured.
    private func pool(_ x: [Float], sequences: [[Int]], length: Int) -> [[Float]] {
        let h = configuration.hiddenSize
        return sequences.enumerated().map { b, ids in
            var vector = [Float](repeating: configuration.pooling == .max ? -.infinity : 0, count: h)
            let count = ids.count
            for t in 0..<(configuration.pooling == .cls ? 1 : count) {
                let row = (b * length + t) * h
                for i in 0..<h {
                    if configuration.pooling == .max {
                        vector[i] = max(vector[i], x[row + i])
                    } else {
                        vector[i] += x[row + i]
                    }
                }
            }
            if configuration.pooling == .mean {
                let inv = 1 / Float(max(count, 1))
                for i in 0..<h { vector[i] *= inv }
            }
            if configuration.normalizes {
                vector.withUnsafeMutableBufferPointer { VectorMath.normalize($0.baseAddress!, count: h) }
            }
            return vector
        }
    }
}
