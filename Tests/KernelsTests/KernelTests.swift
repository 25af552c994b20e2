import Foundation
import Kernels
import Testing

@Suite("Numeric kernels against naive reference loops")
struct KernelTests {
    static func values(_ count: Int, _ seed: Double) -> [Float] {
        (0..<count).map { Float(sin(Double($0) * 0.731 + seed) * 2) }
    }

    @Test("linear layer equals the naive x·Wᵀ + b, split across cores or not", arguments: [3, 200])
    func linear(rows: Int) {
        let k = 37, n = 19
        let x = Self.values(rows * k, 1), w = Self.values(n * k, 2), b = Self.values(n, 3)
        var y = [Float](repeating: 0, count: rows * n)
        Matmul.linear(x, rows: rows, inputs: k, weight: w, outputs: n, bias: b, into: &y)
        var worst: Float = 0
        for r in 0..<rows {
            for c in 0..<n {
                var expected = b[c]
                for i in 0..<k { expected += x[r * k + i] * w[c * k + i] }
                worst = max(worst, abs(expected - y[r * n + c]))
            }
        }
        #expect(worst < 1e-3)
    }

    @Test("softmax sums to one, keeps order, and survives large logits")
    func softmax() {
        var x: [Float] = [1000, 1001, 999, -5]
        Softmax.apply(&x, count: x.count)
        #expect(abs(x.reduce(0, +) - 1) < 1e-5)
        #expect(x[1] > x[0] && x[0] > x[2] && x[2] > x[3])
        let logits: [Float] = [0, 0, 0, 0]
        #expect(abs(Softmax.logSumExp(logits, count: 4) - log(4)) < 1e-6)
    }

    @Test("layer norm gives zero mean and unit variance before the affine step")
    func layerNorm() {
        var x = Self.values(2 * 64, 4)
        let ones = [Float](repeating: 1, count: 64), zeros = [Float](repeating: 0, count: 64)
        Normalization.layerNorm(&x, rows: 2, width: 64, gamma: ones, beta: zeros, epsilon: 1e-12)
        for r in 0..<2 {
            let row = x[(r * 64)..<(r * 64 + 64)]
            let mean = row.reduce(0, +) / 64
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 64
            #expect(abs(mean) < 1e-5)
            #expect(abs(variance - 1) < 1e-3)
        }
    }

    @Test("RMS norm scales each row to unit root-mean-square times the weight")
    func rmsNorm() {
        let x = Self.values(48, 5)
        let weight = [Float](repeating: 2, count: 48)
        var out = [Float](repeating: 0, count: 48)
        Normalization.rmsNorm(x, rows: 1, width: 48, weight: weight, epsilon: 0, into: &out)
        let rms = (out.map { $0 * $0 }.reduce(0, +) / 48).squareRoot()
        #expect(abs(rms - 2) < 1e-4)
    }

    @Test("GELU and SiLU match their closed forms")
    func activations() {
        var x: [Float] = [-3, -0.5, 0, 0.5, 3]
        Activations.gelu(&x, count: x.count)
        let expected: [Float] = [-0.0040496, -0.1542687, 0, 0.3457313, 2.9959504]
        for (a, b) in zip(x, expected) { #expect(abs(a - b) < 1e-5) }
        var gate: [Float] = [1, -2]
        Activations.siluMultiply(&gate, [3, 1], count: 2)
        #expect(abs(gate[0] - 3 / (1 + exp(-1))) < 1e-5)
        #expect(abs(gate[1] - (-2) / (1 + exp(2))) < 1e-5)
    }

    @Test("GELU and softmax over arrays long enough for the vector path match Double references")
    func vectorActivations() {
        let inputs = (0..<203).map { Float($0 - 101) / 10 }
        var x = inputs
        Activations.gelu(&x, count: x.count)
        for (a, v) in zip(x, inputs) {
            let reference = 0.5 * Double(v) * (1 + erf(Double(v) / 2.0.squareRoot()))
            #expect(abs(Double(a) - reference) <= 1e-6 * max(1, abs(Double(v))))
        }
        var logits = inputs
        Softmax.apply(&logits, count: logits.count)
        let total = inputs.map { exp(Double($0) - 10.1) }.reduce(0, +)
        for (p, v) in zip(logits, inputs) {
            let reference = exp(Double(v) - 10.1) / total
            // Float rounding of (v − max) alone costs up to ~20·eps relative here.
            #expect(abs(Double(p) - reference) <= 1e-5 * reference + 1e-30)
        }
    }

    @Test("RoPE preserves each pair's length and is the identity at position 0")
    func rope() {
        let rope = RotaryEmbedding(dimensions: 8, base: 10_000)
        var x = Self.values(16, 6)
        let original = x
        rope.apply(&x, heads: 2, headSize: 8, position: 0)
        #expect(x == original)
        rope.apply(&x, heads: 2, headSize: 8, position: 7)
        for pair in stride(from: 0, to: 16, by: 2) {
            let before = original[pair] * original[pair] + original[pair + 1] * original[pair + 1]
            let after = x[pair] * x[pair] + x[pair + 1] * x[pair + 1]
            #expect(abs(before - after) < 1e-4)
        }
        #expect(abs(x[0] - (original[0] * Float(cos(7.0)) - original[1] * Float(sin(7.0)))) < 1e-5)
    }

    @Test("SIMD dot product and distance equal the scalar sums for odd lengths")
    func dot() {
        let a = Self.values(37, 7), b = Self.values(37, 8)
        let expected = zip(a, b).map(*).reduce(0, +)
        #expect(abs(VectorMath.dot(a, b, count: 37) - expected) < 1e-4)
        let distance = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        #expect(abs(VectorMath.squaredDistance(a, b, count: 37) - distance) < 1e-4)
    }

    @Test("top-k returns the k largest, best first, lower index on ties")
    func topK() {
        let scores: [Float] = [0.5, 3, -1, 3, 2, 0]
        #expect(TopK.indices(of: scores, count: scores.count, k: 3) == [1, 3, 4])
        #expect(TopK.indices(of: scores, count: scores.count, k: 10).count == 6)
        #expect(TopK.argmax(scores, count: scores.count) == 1)
    }
}
