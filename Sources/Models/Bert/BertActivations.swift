/// Scratch buffers of one encoder forward pass, row-major with one row per token. Sized
/// once for the largest batch of an `encode` call and reused by every batch, so each
/// batch neither allocates nor faults in fresh pages.
struct BertActivations {
    /// Hidden states [tokens × hidden]; the residual stream every layer updates in place.
    var hidden: [Float]
    /// Stacked query, key and value projections [tokens × 3·hidden].
    var qkv: [Float]
    /// Attention output before its projection [tokens × hidden].
    var context: [Float]
    /// Feed-forward activations [tokens × intermediate].
    var intermediate: [Float]

    /// Buffers for batches of up to `tokens` tokens in all.
    init(tokens: Int, configuration: BertConfiguration) {
        let h = configuration.hiddenSize
        hidden = [Float](repeating: 0, count: tokens * h)
        qkv = [Float](repeating: 0, count: tokens * 3 * h)
        context = [Float](repeating: 0, count: tokens * h)
        intermediate = [Float](repeating: 0, count: tokens * configuration.intermediateSize)
    }
}
