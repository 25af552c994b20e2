import Foundation
import Kernels
import Testing

@Suite("Attention head against the textbook softmax(Q·Kᵀ·scale)·V in Double")
struct AttentionKernelTests {
    /// (tokens, headSize): token counts below, at and past the 16-key and 4-query blocks
    /// (1, 3, 16, 37 = 2·16 + 5 keys, 9·4 + 1 queries), head sizes on the vector path
    /// (16, 32) and off it (12, plain loops).
    static let shapes: [(tokens: Int, headSize: Int)] = [(1, 32), (3, 32), (16, 16), (37, 32), (37, 12), (130, 32)]

    @Test("one head over strided q, k, v rows matches the reference", arguments: 0..<shapes.count)
    func head(shape: Int) {
        let (tokens, d) = Self.shapes[shape]
        let stride = 3 * d + 5, outStride = d + 3
        let qkv = (0..<(tokens * stride)).map { Float(sin(Double($0) * 0.377) * 1.7) }
        var out = [Float](repeating: .nan, count: tokens * outStride)
        let scale = 1 / Float(d).squareRoot()
        qkv.withUnsafeBufferPointer { p in
            let q = p.baseAddress!
            Attention.head(q: q, k: q + d, v: q + 2 * d, stride: stride, tokens: tokens, headSize: d, scale: scale,
                           into: &out, outStride: outStride)
        }
        var worst = 0.0
        for i in 0..<tokens {
            let logits = (0..<tokens).map { j in
                (0..<d).reduce(0.0) { $0 + Double(qkv[i * stride + $1]) * Double(qkv[j * stride + d + $1]) } * Double(scale)
            }
            let top = logits.max()!
            let weights = logits.map { exp($0 - top) }
            let total = weights.reduce(0, +)
            for c in 0..<d {
                let expected = (0..<tokens).reduce(0.0) { $0 + weights[$1] / total * Double(qkv[$1 * stride + 2 * d + c]) }
                worst = max(worst, abs(Double(out[i * outStride + c]) - expected))
            }
        }
        #expect(worst < 1e-5)
    }
}
