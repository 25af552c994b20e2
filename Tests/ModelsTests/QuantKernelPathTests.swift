import CCPUDispatch
import CQuantKernels
import Testing

/// Every path of CQuantKernels this CPU supports (AVX-512 VNNI, AVX-512BW, AVX2) against
/// the scalar path on the same inputs: quantisation must agree exactly, matrix-vector
/// products up to Float32 summation order (every path sums the same integer block dots).
/// On a CPU without vector units only the scalar path runs and the test checks it is
/// deterministic.
@Suite("Quantised kernels: every vector path agrees with the scalar path", .serialized)
struct QuantKernelPathTests {
    /// The vector paths this CPU supports, by name.
    static let vectorPaths: [cqk_path] = [CQK_PATH_AVX2, CQK_PATH_AVX512BW, CQK_PATH_AVX512VNNI]
        .filter { cqk_path_supported($0) == 1 }

    /// Runs `body` on the scalar path, then on each supported vector path; restores the best path.
    static func allPaths<T>(_ body: () -> T) -> (scalar: T, vector: [(name: String, result: T)]) {
        defer { cqk_force_path(-1) }
        cqk_force_path(Int32(CQK_PATH_SCALAR.rawValue))
        let scalar = body()
        let vector = vectorPaths.map { path in
            cqk_force_path(Int32(path.rawValue))
            return (String(cString: cqk_path_name(path)), body())
        }
        return (scalar, vector)
    }

    @Test("the best path is supported, and forcing a path the CPU lacks is refused")
    func pathChoice() {
        #expect(cqk_path_supported(cqk_best_path()) == 1)
        #expect(cqk_active_path() == cqk_best_path())
        #expect(cqk_force_path(99) == 0)
        #expect(cqk_active_path() == cqk_best_path())
        // The CPU's features decide: a path is offered exactly when CCPUDispatch reports them.
        let avx512Features = QCPU_AVX512F | QCPU_AVX512BW | QCPU_AVX512VL | QCPU_AVX2 | QCPU_FMA | QCPU_F16C
        let avx512 = qcpu_has(UInt32(avx512Features)) == 1
        #expect((cqk_path_supported(CQK_PATH_AVX512BW) == 1) == avx512)
        #expect((cqk_path_supported(CQK_PATH_AVX512VNNI) == 1) == (avx512 && qcpu_has(UInt32(QCPU_AVX512VNNI)) == 1))
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

    @Test("quantisation of 7 blocks (three pairs and an unpaired block) is identical on every path")
    func quantisation() {
        let blocks = 7
        let x = Self.randomValues(blocks * 32, seed: 3)
        let results = Self.allPaths { () -> ([Int8], [Float], [Float]) in
            var q = [Int8](repeating: 0, count: blocks * 32), d = [Float](repeating: 0, count: blocks), s = d
            cqk_quantize(x, blocks, &q, &d, &s)
            return (q, d, s)
        }
        for (name, vector) in results.vector {
            #expect(results.scalar.0 == vector.0, "\(name)")
            #expect(results.scalar.1 == vector.1, "\(name)")
            #expect(results.scalar.2 == vector.2, "\(name)")
        }
        #expect(results.scalar.0.contains(127) || results.scalar.0.contains(-127))
    }

    /// Block counts from empty rows through every remainder the vector loops leave: the
    /// AVX2 Q4 loop takes pairs, the AVX-512 loops four Q4 blocks or two Q8_0 blocks at a
    /// time, then a pair and/or an unpaired block (2, 3, 5, 17, 18, 19 and 129 leave each
    /// tail; 300 none).
    @Test("Q4_0, Q4_1 and Q8_0 products agree on every path",
          arguments: [(2, 18), (3, 20), (8, 34)], [0, 1, 2, 3, 4, 5, 17, 18, 19, 129, 300])
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
        let y = Self.allPaths { () -> [Float] in
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
        for (name, vector) in y.vector {
            for r in 0..<rows {
                #expect(vector[r].isFinite && abs(vector[r] - y.scalar[r]) <= 1e-4 * max(1, abs(y.scalar[r])),
                        "\(name) row \(r): \(vector[r]) vs \(y.scalar[r])")
            }
        }
    }
}
