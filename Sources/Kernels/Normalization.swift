import CVectorKernels
import Dispatch

/// Per-row normalisations used by transformer blocks.
public enum Normalization {
    /// Layer norm in place: each row of x[rows×width] becomes (x − mean)/√(var + eps) · gamma + beta.
    /// Runs the AVX2/FMA kernel of CVectorKernels when the CPU has it; large arrays are
    /// split by rows across cores.
    public static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        let parts = rows * width >= 65_536 ? Matmul.workerCount : 1
        let xs = SharedPointer(x), gammas = SharedPointer(readOnly: gamma), betas = SharedPointer(readOnly: beta)
        let chunk = (rows + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = part * chunk, count = min(chunk, rows - start)
            guard count > 0 else { return }
            cvk_layer_norm(xs.base + start * width, count, width, gammas.base, betas.base, epsilon)
        }
    }

    /// RMS norm: out[rows×width] = x / √(mean(x²) + eps) · weight, row by row (out may equal x).
    public static func rmsNorm(
        _ x: UnsafePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>,
        epsilon: Float, into out: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<rows {
            let row = x + r * width
            let sumSquares = VectorMath.dot(row, row, count: width)
            let scale = 1 / (sumSquares / Float(width) + epsilon).squareRoot()
            let target = out + r * width
            for i in 0..<width { target[i] = row[i] * scale * weight[i] }
        }
    }
}
