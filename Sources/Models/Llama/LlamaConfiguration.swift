/// The shape of a Llama-family decoder, read from GGUF metadata (`<arch>.*` keys).
public struct LlamaConfiguration: Sendable, Equatable {
    public var embeddingSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var keyValueHeadCount: Int
    public var feedForwardSize: Int
    public var contextLength: Int
    public var ropeBase: Float
    public var ropeDimensions: Int
    public var rmsEpsilon: Float
    public var vocabularySize: Int

    /// Size of one attention head.
    public var headSize: Int { embeddingSize / headCount }
    /// Width of the key and value projections (grouped-query attention).
    public var keyValueSize: Int { keyValueHeadCount * headSize }

    /// Reads the configuration of `gguf`; throws a `ModelError` naming the missing key,
    /// or the first size that is not positive or does not divide as attention needs.
    public init(gguf: GGUFFile) throws {
        let arch = gguf.metadata["general.architecture"]?.string ?? "llama"
        guard ["llama", "mistral", "granite"].contains(arch) || gguf.metadata["\(arch).attention.head_count"] != nil else {
            throw ModelError("\(gguf.path): architecture \(arch) is not a Llama-family decoder")
        }
        embeddingSize = try gguf.int("\(arch).embedding_length")
        layerCount = try gguf.int("\(arch).block_count")
        headCount = try gguf.int("\(arch).attention.head_count")
        keyValueHeadCount = gguf.metadata["\(arch).attention.head_count_kv"]?.int ?? headCount
        feedForwardSize = try gguf.int("\(arch).feed_forward_length")
        contextLength = gguf.metadata["\(arch).context_length"]?.int ?? 2048
        ropeBase = Float(gguf.metadata["\(arch).rope.freq_base"]?.double ?? 10_000)
        rmsEpsilon = Float(gguf.metadata["\(arch).attention.layer_norm_rms_epsilon"]?.double ?? 1e-5)
        vocabularySize = gguf.metadata["tokenizer.ggml.tokens"]?.array?.count ?? 0
        let sizes = [("\(arch).embedding_length", embeddingSize), ("\(arch).block_count", layerCount),
                     ("\(arch).attention.head_count", headCount), ("\(arch).attention.head_count_kv", keyValueHeadCount),
                     ("\(arch).feed_forward_length", feedForwardSize), ("\(arch).context_length", contextLength),
                     ("the length of tokenizer.ggml.tokens", vocabularySize)]
        for (key, value) in sizes where value < 1 {
            throw ModelError("\(gguf.path): \(key) is \(value); a Llama model needs at least 1")
        }
        guard headCount % keyValueHeadCount == 0, embeddingSize % headCount == 0 else {
            throw ModelError("\(gguf.path): head counts \(headCount)/\(keyValueHeadCount) do not divide the embedding size \(embeddingSize)")
        }
        let headSize = embeddingSize / headCount
        ropeDimensions = gguf.metadata["\(arch).rope.dimension_count"]?.int ?? headSize
        guard (1...headSize).contains(ropeDimensions) else {
            throw ModelError("\(gguf.path): \(arch).rope.dimension_count is \(ropeDimensions); it must be 1 to the head size \(headSize)")
        }
    }
}
