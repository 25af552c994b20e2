import Dispatch
import Foundation
import Kernels

/// A Llama-family causal language model run in-process from a GGUF file: grouped-query
/// attention with RoPE, RMSNorm, SwiGLU and a (possibly tied) output embedding.
/// Batches of tokens (scoring, prompt evaluation) go through OpenBLAS on weights decoded
/// to Float32 layer by layer, with Float32 activations. Generated tokens use the
/// quantised weights directly, against activations quantised to 8 bits per block as
/// llama.cpp does: about 1.7× faster, with logits that differ from the batch path by
/// that rounding (see `LlamaGoldenTests`).
public final class LlamaDecoder: Sendable {
    /// The model's shape.
    public let configuration: LlamaConfiguration
    /// The byte-level BPE tokenizer stored in the same file.
    public let tokenizer: ByteLevelBPETokenizer
    /// The chat template stored in the file.
    public let chatTemplate: ChatTemplate
    /// Token ids that end generation (EOS and end-of-turn tokens).
    public let endTokenIds: Set<Int>
    /// The file the model was loaded from.
    public let path: String
    let gguf: GGUFFile
    let tokenEmbedding: QuantizedMatrix
    let outputMatrix: QuantizedMatrix
    let outputEmbedding: [Float]
    let outputNorm: [Float]
    let layers: [LlamaLayerWeights]
    let rope: RotaryEmbedding

    /// Loads the GGUF file at `path` (memory-mapped); throws a `ModelError` naming the
    /// file and what is missing, unsupported, or shaped unlike its metadata says (every
    /// weight matrix is checked against the configuration, so no product reads past one).
    public init(path: String) throws {
        self.path = path
        let gguf = try GGUFFile(path: path)
        self.gguf = gguf
        let configuration = try LlamaConfiguration(gguf: gguf)
        self.configuration = configuration
        let tokenizer = try ByteLevelBPETokenizer(gguf: gguf)
        self.tokenizer = tokenizer
        chatTemplate = ChatTemplate(gguf: gguf)
        let h = configuration.embeddingSize, vocabulary = configuration.vocabularySize
        let embedding = try QuantizedMatrix(gguf: gguf, name: "token_embd.weight", rows: vocabulary, columns: h)
        let output = gguf.tensors["output.weight"] != nil
            ? try QuantizedMatrix(gguf: gguf, name: "output.weight", rows: vocabulary, columns: h) : embedding
        tokenEmbedding = embedding
        outputMatrix = output
        outputEmbedding = [Float](unsafeUninitializedCapacity: output.rows * output.columns) { buffer, count in
            output.decodeRows(0..<output.rows, into: buffer.baseAddress!)
            count = output.rows * output.columns
        }
        outputNorm = try gguf.floats("output_norm.weight", count: h)
        layers = try (0..<configuration.layerCount).map { try LlamaLayerWeights(gguf: gguf, index: $0, configuration: configuration) }
        rope = RotaryEmbedding(dimensions: configuration.ropeDimensions, base: configuration.ropeBase)
        var ends = Set<Int>()
        if let eos = tokenizer.eosId { ends.insert(eos) }
        for (id, token) in tokenizer.tokens.enumerated()
        where ["<|endoftext|>", "<|im_end|>", "<|eot_id|>", "<|end_of_text|>"].contains(token) {
            ends.insert(id)
        }
        endTokenIds = ends
    }

    /// A fresh KV cache for up to `capacity` tokens.
    public func makeSession(capacity: Int) -> LlamaSession {
        LlamaSession(decoder: self, capacity: capacity)
    }

    /// Per-token log-probabilities of `tokens` under the model, with no BOS added:
    /// `logProbabilities[i]` = log p(tokens[i+1] | tokens[0…i]) and `argmax[i]` the most
    /// likely token after position i. Evaluates in batches of `batchSize` tokens (at least one).
    ///
    /// The model never sees a position past its trained context (`contextLength`): a
    /// longer input is scored in windows of `contextLength` tokens, each starting `stride`
    /// tokens after the one before (default: half the context) and scoring only the tokens
    /// the earlier windows did not, as Hugging Face's perplexity of fixed-length models
    /// does. Each token is then predicted from the up to `contextLength − 1` tokens before it
    /// that its window holds, at least `contextLength − stride`; the cost is about
    /// n · contextLength / stride token evaluations, the KV cache at most `contextLength`.
    /// - Throws: a `ModelError` for an id outside the vocabulary, or a `stride` outside
    ///   1…contextLength − 1 (checked for every input).
    public func score(_ tokens: [Int], batchSize: Int = 512, stride: Int? = nil) throws -> TokenScores {
        let window = configuration.contextLength
        let stride = stride ?? max(1, window / 2)
        guard stride >= 1, stride < window else {
            throw ModelError(
                "a scoring stride of \(stride) tokens is outside 1…\(window - 1): \(path) has a context of \(window) tokens"
            )
        }
        guard tokens.count >= 2 else { return TokenScores(logProbabilities: [], argmax: []) }
        try validate(tokens)
        let session = makeSession(capacity: min(tokens.count, window))
        var scores = (logProbabilities: [Float](), argmax: [Int]())
        scores.logProbabilities.reserveCapacity(tokens.count - 1)
        scores.argmax.reserveCapacity(tokens.count - 1)
        var start = 0, next = 1
        while next < tokens.count {
            let end = min(tokens.count, start + window)
            session.reset()
            try scoreWindow(
                Array(tokens[start..<end]), from: next - start, session: session, batchSize: batchSize, into: &scores
            )
            next = end
            start += stride
        }
        return TokenScores(logProbabilities: scores.logProbabilities, argmax: scores.argmax)
    }

    /// Evaluates `tokens` (at most the context) in `session` from its start and appends
    /// the scores of `tokens[first...]`. Logits are computed in the row blocks a window
    /// scored from its first token uses, skipping blocks before `first`, so a window's
    /// scores are those of scoring it alone.
    private func scoreWindow(
        _ tokens: [Int], from first: Int, session: LlamaSession, batchSize: Int,
        into scores: inout (logProbabilities: [Float], argmax: [Int])
    ) throws {
        let vocabulary = configuration.vocabularySize
        var logits = [Float](repeating: 0, count: Self.logitRowsPerChunk * vocabulary)
        var start = 0
        while start < tokens.count - 1 {
            let end = min(tokens.count - 1, start + max(1, batchSize))
            let hidden = try session.evaluate(Array(tokens[start..<end]))
            var row = 0
            while row < end - start {
                let rows = min(Self.logitRowsPerChunk, end - start - row)
                // Rows r predict tokens[start + row + r + 1]; a block wholly before `first` is skipped.
                let kept = max(0, first - (start + row + 1))
                if kept < rows {
                    hidden.withUnsafeBufferPointer { h in
                        logits.withUnsafeMutableBufferPointer { l in
                            let rowHidden = h.baseAddress! + row * configuration.embeddingSize
                            computeLogits(rowHidden, rows: rows, into: l.baseAddress!)
                        }
                    }
                    let targets = (kept..<rows).map { tokens[start + row + $0 + 1] }
                    let (chunkLogProbabilities, chunkArgmax) = logits.withUnsafeBufferPointer {
                        Self.normalize(
                            $0.baseAddress! + kept * vocabulary, rows: rows - kept, vocabulary: vocabulary, targets: targets
                        )
                    }
                    scores.logProbabilities += chunkLogProbabilities
                    scores.argmax += chunkArgmax
                }
                row += rows
            }
            start = end
        }
    }

    /// Generates up to `maxTokens` tokens after `prompt`, stopping at an end token (not
    /// included) unless `stopAtEndToken` is false (benchmarks generate a fixed count, as
    /// llama.cpp's ignore-EOS does). `onToken` sees each token as it is chosen and may
    /// return false to stop.
    public func generate(
        prompt: [Int], maxTokens: Int, sampling: SamplingParameters = SamplingParameters(),
        stopAtEndToken: Bool = true, onToken: ((Int) -> Bool)? = nil
    ) throws -> [Int] {
        guard !prompt.isEmpty else { throw ModelError("generation needs a prompt of at least one token") }
        let capacity = min(configuration.contextLength, prompt.count + maxTokens)
        guard prompt.count < capacity || maxTokens == 0 else {
            throw ModelError("\(path): the prompt has \(prompt.count) tokens, more than the context of \(configuration.contextLength)")
        }
        let session = makeSession(capacity: capacity)
        var sampler = TokenSampler(parameters: sampling)
        var logits = try session.appendAndPredict(prompt)
        var output: [Int] = []
        while output.count < maxTokens {
            RepeatedNgramGuard.ban(&logits, output: output, size: sampling.noRepeatNgram)
            let next = sampler.sample(logits)
            if stopAtEndToken && endTokenIds.contains(next) { break }
            output.append(next)
            if let onToken, !onToken(next) { break }
            if session.count >= capacity { break }
            logits = try session.appendAndPredict([next])
        }
        return output
    }

    /// Rows of logits computed at once when scoring: each product streams the whole output
    /// embedding (vocabulary × embedding floats, 113 MB for SmolLM2) from memory, so more
    /// rows per pass read it fewer times; 128 rows of logits take 25 MB.
    static let logitRowsPerChunk = 128

    /// log softmax at each row's target and each row's argmax, rows split across the cores.
    /// log Σ exp sums in Double: a float softmax's sum over 49k values is off by ~1e-4.
    static func normalize(
        _ logits: UnsafePointer<Float>, rows: Int, vocabulary: Int, targets: [Int]
    ) -> (logProbabilities: [Float], argmax: [Int]) {
        var logProbabilities = [Float](repeating: 0, count: rows), argmax = [Int](repeating: 0, count: rows)
        let ls = SharedPointer(readOnly: logits)
        logProbabilities.withUnsafeMutableBufferPointer { lp in
            argmax.withUnsafeMutableBufferPointer { am in
                let ps = SharedPointer(lp.baseAddress!), bs = SharedPointer(am.baseAddress!)
                let parts = min(rows, Matmul.workerCount), chunk = (rows + parts - 1) / parts
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    for r in (part * chunk)..<min(rows, (part + 1) * chunk) {
                        let values = ls.base + r * vocabulary
                        ps.base[r] = values[targets[r]] - Softmax.logSumExp(values, count: vocabulary)
                        bs.base[r] = TopK.argmax(values, count: vocabulary)
                    }
                }
            }
        }
        return (logProbabilities, argmax)
    }

    /// logits[rows × vocabulary] = hidden[rows × embedding] · Eᵀ (the output embedding).
    /// Batches split the vocabulary across the cores, so each core reads only its part of E.
    func computeLogits(_ hidden: UnsafePointer<Float>, rows: Int, into logits: UnsafeMutablePointer<Float>) {
        if rows == 1 {
            outputMatrix.multiply(hidden, into: logits)
            return
        }
        let h = configuration.embeddingSize, vocabulary = configuration.vocabularySize
        let parts = Matmul.workerCount, chunk = (vocabulary + parts - 1) / parts
        let xs = SharedPointer(readOnly: hidden), ys = SharedPointer(logits)
        outputEmbedding.withUnsafeBufferPointer { e in
            let es = SharedPointer(readOnly: e.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let first = part * chunk, count = min(chunk, vocabulary - first)
                guard count > 0 else { return }
                Matmul.gemm(transposeA: false, transposeB: true, m: rows, n: count, k: h,
                            a: xs.base, lda: h, b: es.base + first * h, ldb: h, c: ys.base + first, ldc: vocabulary)
            }
        }
    }

    /// Throws a `ModelError` naming the first id in `tokens` outside 0..<vocabulary.
    func validate(_ tokens: [Int]) throws {
        if let bad = tokens.first(where: { $0 < 0 || $0 >= configuration.vocabularySize }) {
            throw ModelError("token id \(bad) is outside the vocabulary of \(configuration.vocabularySize) tokens of \(path)")
        }
    }
}
