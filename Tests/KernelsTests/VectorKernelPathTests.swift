import CVectorKernels
import Foundation
import Testing

/// The AVX2 and scalar paths of CVectorKernels on the same inputs, at sizes that reach the
/// vector bodies and their scalar tails. The scalar paths are what non-x86 machines run.
@Suite("Vector kernels: AVX2 and scalar paths agree", .serialized)
struct VectorKernelPathTests {
    /// Runs `body` on the scalar paths, then on the vector paths.
    static func bothPaths(_ body: () -> [Float]) -> (scalar: [Float], vector: [Float]) {
        cvk_use_vector_paths(0)
        let scalar = body()
        cvk_use_vector_paths(1)
        return (scalar, body())
    }

    static func randomValues(_ count: Int, seed: UInt64, scale: Float = 4) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Float(state >> 40) / Float(1 << 24) - 0.5) * 2 * scale
        }
    }

    static func expectClose(_ a: [Float], _ b: [Float], tolerance: Float, _ what: String) {
        #expect(a.count == b.count)
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= tolerance, "\(what): worst relative difference \(worst)")
    }

    @Test("GELU-erf", arguments: [7, 203])
    func gelu(count: Int) {
        let x = Self.randomValues(count, seed: 1)
        let y = Self.bothPaths { var v = x; cvk_gelu_erf(&v, v.count); return v }
        Self.expectClose(y.vector, y.scalar, tolerance: 1e-5, "gelu \(count)")
    }

    @Test("softmax", arguments: [1, 7, 203])
    func softmax(count: Int) {
        let x = Self.randomValues(count, seed: 2, scale: 20)
        let y = Self.bothPaths { var v = x; cvk_softmax(&v, v.count); return v }
        Self.expectClose(y.vector, y.scalar, tolerance: 1e-5, "softmax \(count)")
    }

    @Test("layer norm", arguments: [5, 203, 384])
    func layerNorm(width: Int) {
        let rows = 3
        let x = Self.randomValues(rows * width, seed: 3)
        let gamma = Self.randomValues(width, seed: 4), beta = Self.randomValues(width, seed: 5)
        let y = Self.bothPaths { var v = x; cvk_layer_norm(&v, rows, width, gamma, beta, 1e-12); return v }
        Self.expectClose(y.vector, y.scalar, tolerance: 1e-4, "layer norm \(width)")
    }

    @Test("attention head", arguments: [1, 5, 37])
    func attentionHead(tokens: Int) {
        let headSize = 32, stride = 3 * headSize
        let q = Self.randomValues(tokens * stride, seed: 6, scale: 1), k = Self.randomValues(tokens * stride, seed: 7, scale: 1)
        let v = Self.randomValues(tokens * stride, seed: 8, scale: 1)
        let y = Self.bothPaths {
            var out = [Float](repeating: .nan, count: tokens * headSize)
            cvk_attention_head(q, k, v, stride, tokens, headSize, 1 / Float(headSize).squareRoot(), &out, headSize)
            return out
        }
        #expect(y.scalar.allSatisfy { $0.isFinite })
        Self.expectClose(y.vector, y.scalar, tolerance: 1e-5, "attention \(tokens) tokens")
    }
}
