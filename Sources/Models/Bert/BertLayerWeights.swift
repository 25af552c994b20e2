/// One encoder layer's weights, Float32, row-major [out × in]; Q, K and V are stacked
/// into one [3·hidden × hidden] matrix so a single product computes all three.
struct BertLayerWeights: Sendable {
    let qkv: [Float], qkvBias: [Float]
    let attentionOutput: [Float], attentionOutputBias: [Float]
    let attentionNormGamma: [Float], attentionNormBeta: [Float]
    let intermediate: [Float], intermediateBias: [Float]
    let output: [Float], outputBias: [Float]
    let outputNormGamma: [Float], outputNormBeta: [Float]

    init(file: SafetensorsFile, prefix p: String) throws {
        qkv = try file.floats(p + "attention.self.query.weight") + file.floats(p + "attention.self.key.weight")
            + file.floats(p + "attention.self.value.weight")
        qkvBias = try file.floats(p + "attention.self.query.bias") + file.floats(p + "attention.self.key.bias")
            + file.floats(p + "attention.self.value.bias")
        attentionOutput = try file.floats(p + "attention.output.dense.weight")
        attentionOutputBias = try file.floats(p + "attention.output.dense.bias")
        attentionNormGamma = try file.floats(p + "attention.output.LayerNorm.weight")
        attentionNormBeta = try file.floats(p + "attention.output.LayerNorm.bias")
        intermediate = try file.floats(p + "intermediate.dense.weight")
        intermediateBias = try file.floats(p + "intermediate.dense.bias")
        output = try file.floats(p + "output.dense.weight")
        outputBias = try file.floats(p + "output.dense.bias")
        outputNormGamma = try file.floats(p + "output.LayerNorm.weight")
        outputNormBeta = try file.floats(p + "output.LayerNorm.bias")
    }
}
