/// One encoder layer's weights, Float32, row-major [out × in]; Q, K and V are stacked
/// into one [3·hidden × hidden] matrix so a single product computes all three.
struct BertLayerWeights: Sendable {
    let qkv: [Float], qkvBias: [Float]
    let attentionOutput: [Float], attentionOutputBias: [Float]
    let attentionNormGamma: [Float], attentionNormBeta: [Float]
    let intermediate: [Float], intermediateBias: [Float]
    let output: [Float], outputBias: [Float]
    let outputNormGamma: [Float], outputNormBeta: [Float]

    /// Reads the layer under prefix `p`, each tensor checked against the size `config` implies.
    init(file: SafetensorsFile, prefix p: String, configuration config: BertConfiguration) throws {
        let h = config.hiddenSize, wide = config.intermediateSize
        func read(_ name: String, _ count: Int) throws -> [Float] { try file.floats(p + name, count: count) }
        qkv = try read("attention.self.query.weight", h * h) + read("attention.self.key.weight", h * h)
            + read("attention.self.value.weight", h * h)
        qkvBias = try read("attention.self.query.bias", h) + read("attention.self.key.bias", h) + read("attention.self.value.bias", h)
        attentionOutput = try read("attention.output.dense.weight", h * h)
        attentionOutputBias = try read("attention.output.dense.bias", h)
        attentionNormGamma = try read("attention.output.LayerNorm.weight", h)
        attentionNormBeta = try read("attention.output.LayerNorm.bias", h)
        intermediate = try read("intermediate.dense.weight", wide * h)
        intermediateBias = try read("intermediate.dense.bias", wide)
        output = try read("output.dense.weight", h * wide)
        outputBias = try read("output.dense.bias", h)
        outputNormGamma = try read("output.LayerNorm.weight", h)
        outputNormBeta = try read("output.LayerNorm.bias", h)
    }
}
