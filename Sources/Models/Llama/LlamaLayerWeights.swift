/// One decoder block's weights: RMSNorm gains (Float32) and the seven projections in
/// their stored encoding, each checked against the shape the configuration implies.
struct LlamaLayerWeights: Sendable {
    let attentionNorm: [Float]
    let query: QuantizedMatrix, key: QuantizedMatrix, value: QuantizedMatrix, output: QuantizedMatrix
    let feedForwardNorm: [Float]
    let gate: QuantizedMatrix, up: QuantizedMatrix, down: QuantizedMatrix

    init(gguf: GGUFFile, index: Int, configuration config: LlamaConfiguration) throws {
        let p = "blk.\(index)."
        let h = config.embeddingSize, kv = config.keyValueSize, f = config.feedForwardSize
        attentionNorm = try gguf.floats(p + "attn_norm.weight", count: h)
        query = try QuantizedMatrix(gguf: gguf, name: p + "attn_q.weight", rows: h, columns: h)
        key = try QuantizedMatrix(gguf: gguf, name: p + "attn_k.weight", rows: kv, columns: h)
        value = try QuantizedMatrix(gguf: gguf, name: p + "attn_v.weight", rows: kv, columns: h)
        output = try QuantizedMatrix(gguf: gguf, name: p + "attn_output.weight", rows: h, columns: h)
        feedForwardNorm = try gguf.floats(p + "ffn_norm.weight", count: h)
        gate = try QuantizedMatrix(gguf: gguf, name: p + "ffn_gate.weight", rows: f, columns: h)
        up = try QuantizedMatrix(gguf: gguf, name: p + "ffn_up.weight", rows: f, columns: h)
        down = try QuantizedMatrix(gguf: gguf, name: p + "ffn_down.weight", rows: h, columns: f)
    }
}
