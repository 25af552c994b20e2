import CQuantKernels

/// Activations quantised to signed bytes per block of 32 values (x ≈ d·q, d = max|x|/127),
/// the form in which llama.cpp multiplies them with Q4_0, Q4_1 and Q8_0 weights. Every
/// row of a matrix-vector product is then an integer dot product per block.
final class QuantizedActivations: @unchecked Sendable {
    /// Input rows.
    let rows: Int
    /// Values per row (a multiple of 32).
    let columns: Int
    private let quants: UnsafeMutablePointer<Int8>
    private let scales: UnsafeMutablePointer<Float>
    private let sums: UnsafeMutablePointer<Float>

    /// Quantises x[rows × columns]; columns must be a multiple of 32.
    init(_ x: UnsafePointer<Float>, rows: Int, columns: Int) {
        precondition(columns % 32 == 0, "QuantizedActivations: \(columns) values are not whole blocks of 32")
        self.rows = rows
        self.columns = columns
        let blocks = columns / 32
        quants = .allocate(capacity: rows * columns)
        scales = .allocate(capacity: rows * blocks)
        sums = .allocate(capacity: rows * blocks)
        for r in 0..<rows {
            cqk_quantize(x + r * columns, blocks, quants + r * columns, scales + r * blocks, sums + r * blocks)
        }
    }

    deinit {
        quants.deallocate()
        scales.deallocate()
        sums.deallocate()
    }

    /// Input row `row` as the kernels read it.
    func row(_ row: Int) -> cqk_activations {
        let blocks = columns / 32
        return cqk_activations(q: quants + row * columns, d: scales + row * blocks, s: sums + row * blocks)
    }
}
