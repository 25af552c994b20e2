import CEncoderKernels
import Foundation
import Testing

/// The bfloat16 linear layer (`cek_bf16_linear`) on each path this CPU runs, against a
/// Double reference. Bounds come from the formats, not from runs: bfloat16 keeps 8
/// significant bits, so rounding an input moves it by at most 2⁻⁹ of itself; float32
/// summation of k terms errs by at most about k·2⁻²⁴ of the sum of their magnitudes.
@Suite("bfloat16 linear layer against Double references", .serialized)
struct BF16LinearKernelTests {
    static func values(_ count: Int, _ seed: Double) -> [Float] {
        (0..<count).map { (i: Int) -> Float in
            let t = Double(i)
            return Float(2 * sin(t * 0.731 + seed) + 3 * cos(t * 0.057 + seed))
        }
    }

    /// Scalar always; the AVX-512 BF16 path too where the CPU has it.
    static var paths: [Bool] { cek_bf16_available() == 1 ? [false, true] : [false] }

    /// Shapes with row tails (1, 7 = 6 + 1, 100 = 96 + 4 across a chunk), feature tails
    /// (19 = 16 + 3, 70 = 4·16 + 6), an odd input width (37) and MiniLM's (384 → 1536).
    static let shapes: [(rows: Int, inputs: Int, outputs: Int)] = [
        (1, 4, 1), (7, 37, 19), (100, 64, 70), (13, 384, 1536),
    ]

    @Test("rounding to bfloat16 is to nearest, ties to even, and keeps NaN")
    func rounding() {
        #expect(cek_bf16_round(1 + 0x1p-8) == 1)                 // tie: 1 is even
        #expect(cek_bf16_round(1 + 3 * 0x1p-8) == 1 + 0x1p-6)    // tie: 1 + 2⁻⁶ is even
        #expect(cek_bf16_round(1 + 0x1p-8 + 0x1p-20) == 1 + 0x1p-7)
        #expect(cek_bf16_round(-2.5) == -2.5)
        #expect(cek_bf16_round(.nan).isNaN)
        #expect(cek_bf16_round(.infinity) == .infinity)
    }

    @Test("y = x·Wᵀ + b and y += x·Wᵀ + b with bfloat16 products", arguments: 0..<shapes.count, [false, true])
    func linear(shape: Int, accumulate: Bool) {
        let (rows, k, n) = Self.shapes[shape]
        let x = Self.values(rows * k, 1), w = Self.values(n * k, 2).map { $0 / 8 }, b = Self.values(n, 3)
        let start = Self.values(rows * n, 4)
        var packed = [UInt16](repeating: 0xffff, count: cek_bf16_packed_count(n, k))
        cek_bf16_pack(w, n, k, &packed)
        for vector in Self.paths {
            cek_use_vector_paths(vector ? 1 : 0)
            defer { cek_use_vector_paths(1) }
            var y = start
            cek_bf16_linear(x, rows, k, packed, n, b, accumulate ? 1 : 0, &y)
            // The largest error as a fraction of its bound, over all outputs (≤ 1 passes).
            var worstRounded = 0.0, worstExact = 0.0
            for r in 0..<rows {
                for c in 0..<n {
                    var rounded = 0.0, exact = 0.0, magnitude = 0.0
                    for i in 0..<k {
                        let xi = x[r * k + i], wi = w[c * k + i]
                        rounded += Double(cek_bf16_round(xi)) * Double(cek_bf16_round(wi))
                        exact += Double(xi) * Double(wi)
                        magnitude += abs(Double(xi) * Double(wi))
                    }
                    let base = Double(b[c]) + (accumulate ? Double(start[r * n + c]) : 0)
                    let got = Double(y[r * n + c])
                    // Against the same rounded products: only float32 summation error.
                    let summation = Double(k + 2) * 0x1p-24 * (magnitude * 1.01 + abs(base)) + 1e-30
                    worstRounded = max(worstRounded, abs(got - (rounded + base)) / summation)
                    // Against float32 inputs: each product moves by at most (1 + 2⁻⁹)² − 1.
                    let bound = (2 * 0x1p-9 + 0x1p-18) * magnitude + summation
                    worstExact = max(worstExact, abs(got - (exact + base)) / bound)
                }
            }
            #expect(worstRounded <= 1, "vector path \(vector)")
            #expect(worstExact <= 1, "vector path \(vector)")
        }
    }
}
