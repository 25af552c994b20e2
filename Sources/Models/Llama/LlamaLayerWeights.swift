/// One decoder block's weights: RMSNorm gains (Float32) and the seven projections in
/// their stored encoding.
struct LlamaLayerWeights: Sendable {
    let attentionNorm: [Float]
    let query: QuantizedMatrix, key: QuantizedMatrix, value: QuantizedMatrix, output: QuantizedMatrix
    let feedForwardNorm: [Float]
    let gate: QuantizedMatrix, up: QuantizedMatrix, down: QuantizedMatrix

    init(gguf: GGUFFile, index: Int) throws {
        let p = "blk.\(index)."
        attentionNorm = try gguf.floats(p + "attn_norm.weight")
        query = try QuantizedMatrix(gguf: gguf, name: p + "attn_q.weight")
        key = try QuantizedMatrix(gguf: gguf, name: p + "attn_k.weight")
        value = try QuantizedMatrix(gguf: gguf, name: p + "attn_v.weight")
        output = try QuantizedMatrix(gguf: gguf, name: p + "attn_output.weight")
        feedForwardNorm = try gguf.floats(p + "ffn_norm.weight")
        gate = try QuantizedMatrix(gguf: gguf, name: p + "ffn_gate.weight")
        up = try QuantizedMatrix(gguf: gguf, name: p + "ffn_up.weight")
        down = try QuantizedMatrix(gguf: gguf, name: p + "ffn_down.weight")
    }
}
