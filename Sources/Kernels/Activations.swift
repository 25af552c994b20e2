import Foundation

/// Element-wise activation functions.
public enum Activations {
    /// GELU, exact erf form as BERT uses: x ← x · ½ · (1 + erf(x/√2)), over count values.
    public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let invSqrt2: Float = 0.70710678118654752
        for i in 0..<count {
            let v = x[i]
            x[i] = 0.5 * v * (1 + erff(v * invSqrt2))
        }
    }

    /// SwiGLU gate: gate[i] ← silu(gate[i]) · up[i] with silu(x) = x / (1 + e^−x), over count values.
    public static func siluMultiply(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            gate[i] = g / (1 + expf(-g)) * up[i]
        }
    }

    /// SiLU in place: x ← x / (1 + e^−x), over count values.
    public static func silu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = x[i] / (1 + expf(-x[i])) }
    }
}
