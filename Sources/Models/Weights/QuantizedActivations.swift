import CQuantKernels

/// Activations quantised to signed bytes per block of 32 values (x ≈ d·q, d = max|x|/127),
/// the form in which llama.cpp multiplies them with Q4_0, Q4_1 and Q8_0 weights. Every
/// row of a matrix-vector product is then an integer dot product per block.
final class QuantizedActivations: @unchecked Sendable {
    /// Input rows.
    let rows: Int
    /// Values per row (a multiple of 32).
    let columns: Int
    private let blocks: UnsafeMutablePointer<cqk_q8_block>

    /// Quantises x[rows × columns]; columns must be a multiple of 32.
    init(_ x: UnsafePointer<Float>, rows: Int, columns: Int) {
        precondition(columns % 32 == 0, "QuantizedActivations: \(columns) values are not whole blocks of 32")
        self.rows = rows
        self.columns = columns
        blocks = .allocate(capacity: rows * columns / 32)
        cqk_quantize_q8(x, rows * columns / 32, blocks)
    }

    deinit { blocks.deallocate() }

    /// The blocks of input row `row`.
    func row(_ row: Int) -> UnsafePointer<cqk_q8_block> { UnsafePointer(blocks + row * columns / 32) }
}
