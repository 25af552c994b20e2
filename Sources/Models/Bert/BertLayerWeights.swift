/// One encoder layer's weights. The four linear layers are held in the format of the
/// encoder's `EncoderPrecision`; Q, K and V are stacked into one [3·hidden × hidden]
/// matrix so a single product computes all three. Layer norms stay float32.
struct BertLayerWeights: Sendable {
    let qkv: BertLinear
    let attentionOutput: BertLinear
    let attentionNormGamma: [Float], attentionNormBeta: [Float]
    let intermediate: BertLinear
    let output: BertLinear
    let outputNormGamma: [Float], outputNormBeta: [Float]

    /// Reads the layer under prefix `p`, each tensor checked against the size `config` implies.
    init(
        file: SafetensorsFile, prefix p: String, configuration config: BertConfiguration, precision: EncoderPrecision
    ) throws {
        let h = config.hiddenSize, wide = config.intermediateSize
        func read(_ name: String, _ count: Int) throws -> [Float] { try file.floats(p + name, count: count) }
        func linear(_ name: String, inputs: Int, outputs: Int) throws -> BertLinear {
            try BertLinear(weight: read(name + ".weight", inputs * outputs), bias: read(name + ".bias", outputs),
                           inputs: inputs, outputs: outputs, precision: precision)
        }
        let qkvWeight = try read("attention.self.query.weight", h * h) + read("attention.self.key.weight", h * h)
            + read("attention.self.value.weight", h * h)
        let qkvBias = try read("attention.self.query.bias", h) + read("attention.self.key.bias", h)
            + read("attention.self.value.bias", h)
        qkv = BertLinear(weight: qkvWeight, bias: qkvBias, inputs: h, outputs: 3 * h, precision: precision)
        attentionOutput = try linear("attention.output.dense", inputs: h, outputs: h)
        attentionNormGamma = try read("attention.output.LayerNorm.weight", h)
        attentionNormBeta = try read("attention.output.LayerNorm.bias", h)
        intermediate = try linear("intermediate.dense", inputs: h, outputs: wide)
        output = try linear("output.dense", inputs: wide, outputs: h)
        outputNormGamma = try read("output.LayerNorm.weight", h)
        outputNormBeta = try read("output.LayerNorm.bias", h)
    }
}
