import CQuantKernels
import Testing

/// The AVX2 and scalar paths of CQuantKernels on the same inputs: quantisation must agree
/// exactly, matrix-vector products up to Float32 summation order. On a CPU without AVX2
/// both runs take the scalar path and the test still checks it is deterministic.
@Suite("Quantised kernels: vector and scalar paths agree", .serialized)
struct QuantKernelPathTests {
    /// Runs `body` on the scalar paths, then on the vector paths.
    static func bothPaths<T>(_ body: () -> T) -> (scalar: T, vector: T) {
        cqk_use_vector_paths(0)
        let scalar = body()
        cqk_use_vector_paths(1)
        return (scalar, body())
    }

    static func randomValues(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 40) - (1 << 23)) / Float(1 << 22)
        }
    }

    /// Random GGUF blocks whose half-precision scale (and minimum) fields are finite and small.
    static func randomBlocks(_ count: Int, stride: Int, scaleFields: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes = (0..<(count * stride)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        for block in 0..<count {
            for field in 0..<scaleFields { bytes[block * stride + field * 2 + 1] &= 0x1F }
        }
        return bytes
    }

    @Test("quantisation of 7 blocks (three pairs and an unpaired block) is identical on both paths")
    func quantisation() {
        let blocks = 7
        let x = Self.randomValues(blocks * 32, seed: 3)
        let results = Self.bothPaths { () -> ([Int8], [Float], [Float]) in
            var q = [Int8](repeating: 0, count: blocks * 32), d = [Float](repeating: 0, count: blocks), s = d
            cqk_quantize(x, blocks, &q, &d, &s)
            return (q, d, s)
        }
        #expect(results.scalar.0 == results.vector.0)
        #expect(results.scalar.1 == results.vector.1)
        #expect(results.scalar.2 == results.vector.2)
        #expect(results.scalar.0.contains(127) || results.scalar.0.contains(-127))
    }

    /// Block counts from empty rows through odd and even lengths to rows longer than the
    /// Q4 kernel's 64-block scale buffer (129: two full chunks and an unpaired block).
    @Test("Q4_0, Q4_1 and Q8_0 products agree on both paths", arguments: [(2, 18), (3, 20), (8, 34)], [0, 1, 17, 18, 129, 300])
    func products(type: (code: Int, stride: Int), blocks: Int) {
        let rows = 37
        let x = Self.randomValues(blocks * 32, seed: 11)
        let scaleFields = type.code == 3 ? 2 : 1
        var weights = Self.randomBlocks(rows * blocks, stride: type.stride, scaleFields: scaleFields, seed: 5)
        if type.code != 8 {
            var repacked = weights
            cqk_repack_q4(weights, rows, blocks, type.code == 3 ? 1 : 0, &repacked)
            weights = repacked
        }
        let y = Self.bothPaths { () -> [Float] in
            var q = [Int8](repeating: 0, count: blocks * 32), d = [Float](repeating: 0, count: blocks), s = d
            cqk_quantize(x, blocks, &q, &d, &s)
            var y = [Float](repeating: .nan, count: rows)
            q.withUnsafeBufferPointer { qp in
                d.withUnsafeBufferPointer { dp in
                    s.withUnsafeBufferPointer { sp in
                        let activations = cqk_activations(q: qp.baseAddress, d: dp.baseAddress, s: sp.baseAddress)
                        if type.code == 8 {
                            cqk_matvec_q8_0(weights, blocks * 34, blocks, 0, rows, activations, &y)
                        } else {
                            cqk_matvec_q4(weights, blocks, type.code == 3 ? 1 : 0, 0, rows, activations, &y)
                        }
                    }
                }
            }
            return y
        }
        for r in 0..<rows {
            #expect(y.vector[r].isFinite && abs(y.vector[r] - y.scalar[r]) <= 1e-4 * max(1, abs(y.scalar[r])), "row \(r): \(y.vector[r]) vs \(y.scalar[r])")
        }
    }
}
