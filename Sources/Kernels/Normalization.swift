/// Per-row normalisations used by transformer blocks.
public enum Normalization {
    /// Layer norm in place: each row of x[rows×width] becomes (x − mean)/√(var + eps) · gamma + beta.
    public static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        for r in 0..<rows {
            let row = x + r * width
            var mean: Float = 0
            for i in 0..<width { mean += row[i] }
            mean /= Float(width)
            var variance: Float = 0
            for i in 0..<width {
                let d = row[i] - mean
                variance += d * d
            }
            variance /= Float(width)
            let inv = 1 / (variance + epsilon).squareRoot()
            for i in 0..<width { row[i] = (row[i] - mean) * inv * gamma[i] + beta[i] }
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
