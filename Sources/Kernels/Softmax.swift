import CVectorKernels
import Foundation

/// Numerically stable softmax and log-softmax over rows.
public enum Softmax {
    /// Softmax in place over the first `count` values of x (max subtracted first). Runs
    /// the AVX2/FMA kernel of CVectorKernels (exp within ~2 ulp) when the CPU has it,
    /// libm's expf otherwise.
    public static func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        cvk_softmax(x, count)
    }

    /// log Σ exp(x[i]) over count values, computed in Double for accuracy.
    public static func logSumExp(_ x: UnsafePointer<Float>, count: Int) -> Float {
        guard count > 0 else { return -.infinity }
        var maxValue = x[0]
        for i in 1..<count where x[i] > maxValue { maxValue = x[i] }
        var sum: Double = 0
        for i in 0..<count { sum += Double(expf(x[i] - maxValue)) }
        return maxValue + Float(log(sum))
    }
}
