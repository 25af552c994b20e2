import Dispatch
import Foundation
import Kernels

/// A BERT-family sentence encoder run in-process: any sentence-transformers folder with
/// `config.json`, `vocab.txt` and `model.safetensors`. Texts are tokenized, capped at the
/// configured sequence length, packed into batches without padding, encoded, pooled and
/// (when the folder says so) L2-normalised. The linear layers multiply in the chosen
/// `EncoderPrecision` (OpenBLAS float32, or bfloat16 on AVX-512 BF16).
public final class BertEncoder: Sendable {
    /// The model's shape and pooling.
    public let configuration: BertConfiguration
    /// The WordPiece tokenizer from the folder's `vocab.txt`.
    public let tokenizer: WordPieceTokenizer
    /// The folder the model was loaded from.
    public let folder: String
    /// The number format of the linear layers.
    public let precision: EncoderPrecision
    private let wordEmbeddings: [Float]
    /// Rows of the word-embedding table: token ids must be below it.
    private let vocabularySize: Int
    private let positionEmbeddings: [Float]
    private let tokenTypeEmbedding: [Float]
    private let embeddingNormGamma: [Float], embeddingNormBeta: [Float]
    private let layers: [BertLayerWeights]

    /// Loads the folder at `folder`, its linear layers converted for `precision`; throws a
    /// `ModelError` naming the file at fault.
    public init(folder: String, precision: EncoderPrecision = .fp32) throws {
        self.folder = folder
        self.precision = precision
        let configuration = try BertConfiguration(folder: folder)
        self.configuration = configuration
        tokenizer = try WordPieceTokenizer(vocabularyFile: folder + "/vocab.txt", lowercase: configuration.lowercase)
        let file = try SafetensorsFile(path: folder + "/model.safetensors")
        let root = file.tensors["embeddings.word_embeddings.weight"] != nil ? "" : "bert."
        let h = configuration.hiddenSize
        wordEmbeddings = try file.floats(root + "embeddings.word_embeddings.weight")
        vocabularySize = wordEmbeddings.count / h
        guard wordEmbeddings.count % h == 0, let largestId = tokenizer.vocabulary.values.max(), largestId < vocabularySize else {
            throw ModelError("\(folder): vocab.txt has more entries than model.safetensors has word embeddings of width \(h)")
        }
        positionEmbeddings = try file.floats(root + "embeddings.position_embeddings.weight", count: configuration.maxPositions * h)
        let types = try file.floats(root + "embeddings.token_type_embeddings.weight")
        guard types.count >= h else {
            throw ModelError("\(folder)/model.safetensors: the token type embeddings hold \(types.count) values, fewer than one row of \(h)")
        }
        tokenTypeEmbedding = Array(types.prefix(h))
        embeddingNormGamma = try file.floats(root + "embeddings.LayerNorm.weight", count: h)
        embeddingNormBeta = try file.floats(root + "embeddings.LayerNorm.bias", count: h)
        layers = try (0..<configuration.layerCount).map {
            try BertLayerWeights(
                file: file, prefix: root + "encoder.layer.\($0).", configuration: configuration, precision: precision)
        }
    }

    /// Width of each sentence vector.
    public var dimensions: Int { configuration.hiddenSize }

    /// Sentence vectors for `texts`, in order, encoded in batches of at most `batchSize`.
    /// Texts are tokenized on all cores.
    public func encode(_ texts: [String], batchSize: Int = 32) -> [[Float]] {
        var ids = [[Int]](repeating: [], count: texts.count)
        ids.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let slots = SharedPointer(base)
            DispatchQueue.concurrentPerform(iterations: texts.count) { i in
                slots.base[i] = tokenizer.encode(texts[i], maxLength: configuration.maxSequenceLength)
            }
        }
        return encodeValid(ids, batchSize: batchSize)
    }

    /// Sentence vectors for already tokenized sequences ([CLS] … [SEP], within the cap).
    /// A batch packs its sequences back to back without padding, so its cost does not
    /// depend on how lengths are mixed. Throws a `ModelError` for an id outside the
    /// vocabulary or a sequence longer than `configuration.maxSequenceLength`.
    public func encode(tokenIds ids: [[Int]], batchSize: Int = 32) throws -> [[Float]] {
        for sequence in ids {
            guard sequence.count <= configuration.maxSequenceLength else {
                throw ModelError("\(folder): a sequence of \(sequence.count) tokens is longer than the model's \(configuration.maxSequenceLength)")
            }
            if let bad = sequence.first(where: { !(0..<vocabularySize).contains($0) }) {
                throw ModelError("\(folder): token id \(bad) is outside the vocabulary of \(vocabularySize) tokens")
            }
        }
        return encodeValid(ids, batchSize: batchSize)
    }

    /// `encode(tokenIds:)` for ids known to be valid (the tokenizer's own, within the cap).
    private func encodeValid(_ ids: [[Int]], batchSize: Int) -> [[Float]] {
        let batches = stride(from: 0, to: ids.count, by: max(1, batchSize)).map {
            Array(ids[$0..<min($0 + max(1, batchSize), ids.count)])
        }
        let largest = batches.map { $0.reduce(0) { $0 + $1.count } }.max() ?? 0
        var activations = BertActivations(tokens: largest, configuration: configuration)
        return batches.flatMap { forward($0, activations: &activations) }
    }

    /// Runs one batch through the encoder and pools it: returns one vector per sequence.
    /// Sequence b occupies rows offsets[b] ..< offsets[b] + sequences[b].count.
    private func forward(_ sequences: [[Int]], activations a: inout BertActivations) -> [[Float]] {
        let h = configuration.hiddenSize, heads = configuration.headCount, d = h / heads
        let offsets = sequences.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let rows = offsets.last!
        embed(sequences, offsets: offsets, into: &a.hidden)

        let scale = 1 / Float(d).squareRoot()
        let epsilon = configuration.layerNormEpsilon, wide = configuration.intermediateSize
        for layer in layers {
            layer.qkv.apply(a.hidden, rows: rows, into: &a.qkv)
            attention(qkv: a.qkv, sequences: sequences, offsets: offsets, heads: heads, headSize: d, scale: scale, into: &a.context)
            a.hidden.withUnsafeMutableBufferPointer { xp in
                let x = xp.baseAddress!
                // Residuals: the output projections add straight into the hidden states.
                layer.attentionOutput.apply(a.context, rows: rows, accumulate: true, into: x)
                Normalization.layerNorm(x, rows: rows, width: h, gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta, epsilon: epsilon)
                a.intermediate.withUnsafeMutableBufferPointer { ip in
                    layer.intermediate.apply(x, rows: rows, into: ip.baseAddress!)
                    Activations.gelu(ip.baseAddress!, count: rows * wide)
                    layer.output.apply(ip.baseAddress!, rows: rows, accumulate: true, into: x)
                }
                Normalization.layerNorm(x, rows: rows, width: h, gamma: layer.outputNormGamma, beta: layer.outputNormBeta, epsilon: epsilon)
            }
        }
        return pool(a.hidden, sequences: sequences, offsets: offsets)
    }

    /// x[tokens × hidden] ← word + position + token-type(0) embeddings, layer-normed.
    private func embed(_ sequences: [[Int]], offsets: [Int], into x: inout [Float]) {
        let h = configuration.hiddenSize
        x.withUnsafeMutableBufferPointer { xp in
            for (b, ids) in sequences.enumerated() {
                for (position, id) in ids.enumerated() {
                    let row = xp.baseAddress! + (offsets[b] + position) * h
                    for i in 0..<h {
                        row[i] = wordEmbeddings[id * h + i] + positionEmbeddings[position * h + i] + tokenTypeEmbedding[i]
                    }
                }
            }
            Normalization.layerNorm(xp.baseAddress!, rows: offsets.last!, width: h, gamma: embeddingNormGamma, beta: embeddingNormBeta, epsilon: configuration.layerNormEpsilon)
        }
    }

    /// Scaled dot-product attention per (sequence, head), each sequence over its own rows:
    /// context[t, head] = softmax(Q·Kᵀ·scale) · V with Q, K, V read from qkv[tokens × 3·hidden].
    private func attention(
        qkv: [Float], sequences: [[Int]], offsets: [Int], heads: Int, headSize d: Int, scale: Float,
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
                    let rowBase = offsets[b]
                    let q = qBase + rowBase * stride + head * d
                    Attention.head(q: q, k: q + h, v: q + 2 * h, stride: stride, tokens: valid, headSize: d, scale: scale,
                                   into: cBase + rowBase * h + head * d, outStride: h)
                }
            }
        }
    }

    /// Pools each sequence's valid rows of x into one vector and L2-normalises when configured.
    private func pool(_ x: [Float], sequences: [[Int]], offsets: [Int]) -> [[Float]] {
        let h = configuration.hiddenSize
        return sequences.enumerated().map { b, ids in
            var vector = [Float](repeating: configuration.pooling == .max ? -.infinity : 0, count: h)
            let count = ids.count
            for t in 0..<(configuration.pooling == .cls ? 1 : count) {
                let row = (offsets[b] + t) * h
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
