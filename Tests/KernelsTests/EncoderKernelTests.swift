import Foundation
import Kernels
import Testing

@Suite("Encoder layer norm and accumulating linear layer against straightforward references")
struct EncoderKernelTests {
    static func values(_ count: Int, _ seed: Double) -> [Float] {
        (0..<count).map { (i: Int) -> Float in
            let t = Double(i)
            return Float(2 * sin(t * 0.731 + seed) + 3 * cos(t * 0.057))
        }
    }

    /// Widths with a vector body and a scalar tail (13 = 8 + 5, 203 = 25·8 + 3), one with
    /// no tail (384, MiniLM's), and row counts on both sides of the split across cores.
    static let shapes: [(rows: Int, width: Int)] = [(1, 5), (3, 13), (7, 384), (400, 203)]

    @Test("layer norm matches the two-pass Double reference", arguments: 0..<shapes.count)
    func layerNorm(shape: Int) {
        let (rows, width) = Self.shapes[shape]
        let input = Self.values(rows * width, 1)
        let gamma = Self.values(width, 2), beta = Self.values(width, 3)
        var x = input
        Normalization.layerNorm(&x, rows: rows, width: width, gamma: gamma, beta: beta, epsilon: 1e-12)
        var worst = 0.0
        for r in 0..<rows {
            let row = input[(r * width)..<((r + 1) * width)].map(Double.init)
            let mean = row.reduce(0, +) / Double(width)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
            for i in 0..<width {
                let expected = (row[i] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[i]) + Double(beta[i])
                worst = max(worst, abs(Double(x[r * width + i]) - expected))
            }
        }
        #expect(worst < 1e-5)
    }

    @Test("accumulating linear layer adds x·Wᵀ + b to y, split across cores or not", arguments: [3, 200])
    func accumulatingLinear(rows: Int) {
        let k = 37, n = 19
        let x = Self.values(rows * k, 6), w = Self.values(n * k, 7), b = Self.values(n, 8)
        let start = Self.values(rows * n, 9)
        var y = start
        Matmul.linear(x, rows: rows, inputs: k, weight: w, outputs: n, bias: b, accumulate: true, into: &y)
        var z = start
        Matmul.linear(x, rows: rows, inputs: k, weight: w, outputs: n, bias: nil, accumulate: true, into: &z)
        var worst: Float = 0
        for r in 0..<rows {
            for c in 0..<n {
                var product: Float = 0
                for i in 0..<k { product += x[r * k + i] * w[c * k + i] }
                worst = max(worst, abs(start[r * n + c] + product + b[c] - y[r * n + c]))
                worst = max(worst, abs(start[r * n + c] + product - z[r * n + c]))
            }
        }
        #expect(worst < 1e-3)
    }
}
