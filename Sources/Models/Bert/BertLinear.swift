import CEncoderKernels
import Dispatch
import Kernels

/// One linear layer of the encoder, y = x · Wᵀ + bias with W [outputs × inputs], stored in
/// the format its `EncoderPrecision` multiplies in: float32 for OpenBLAS, or bfloat16
/// packed once at load for `cek_bf16_linear`.
struct BertLinear: Sendable {
    private enum Weights: Sendable {
        case fp32([Float])
        case bf16([UInt16])
    }

    let inputs: Int, outputs: Int
    let bias: [Float]
    private let weights: Weights

    /// Wraps `weight` [outputs × inputs] (row-major) and `bias` [outputs], converting the
    /// weight for `precision`.
    init(weight: [Float], bias: [Float], inputs: Int, outputs: Int, precision: EncoderPrecision) {
        precondition(weight.count == inputs * outputs && bias.count == outputs, "BertLinear: shape mismatch")
        self.inputs = inputs
        self.outputs = outputs
        self.bias = bias
        switch precision {
        case .fp32:
            weights = .fp32(weight)
        case .bf16:
            let count = cek_bf16_packed_count(outputs, inputs)
            weights = .bf16([UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
                cek_bf16_pack(weight, outputs, inputs, buffer.baseAddress!)
                initialized = count
            })
        }
    }

    /// y[rows × outputs] = x[rows × inputs] · Wᵀ + bias, or y += that with `accumulate`
    /// (a residual connection). Large products are split by rows across the cores.
    func apply(_ x: UnsafePointer<Float>, rows: Int, accumulate: Bool = false, into y: UnsafeMutablePointer<Float>) {
        switch weights {
        case .fp32(let weight):
            Matmul.linear(x, rows: rows, inputs: inputs, weight: weight, outputs: outputs, bias: bias,
                          accumulate: accumulate, into: y)
        case .bf16(let packed):
            packed.withUnsafeBufferPointer { packedBuffer in
                bias.withUnsafeBufferPointer { biasBuffer in
                    let xs = SharedPointer(readOnly: x), ys = SharedPointer(y)
                    let ps = SharedPointer(readOnly: packedBuffer.baseAddress!)
                    let bs = SharedPointer(readOnly: biasBuffer.baseAddress!)
                    let (k, n) = (inputs, outputs)
                    let parts = rows >= 32 * Matmul.workerCount ? Matmul.workerCount : 1
                    let chunk = (rows + parts - 1) / parts
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        let start = part * chunk
                        guard start < rows else { return }
                        cek_bf16_linear(xs.base + start * k, min(chunk, rows - start), k, ps.base, n, bs.base,
                                        accumulate ? 1 : 0, ys.base + start * n)
                    }
                }
            }
        }
    }
}
