import CVectorKernels
import Dispatch
import Foundation

/// Element-wise activation functions.
public enum Activations {
    /// GELU, exact erf form as BERT uses: x ← x · ½ · (1 + erf(x/√2)), over count values;
    /// large arrays are split across cores. Runs the AVX2/FMA kernel of CVectorKernels
    /// (erf within a few ulp of libm's) when the CPU has it, libm's erff otherwise.
    public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let parts = count >= 65_536 ? Matmul.workerCount : 1
        let shared = SharedPointer(x)
        let chunk = (count + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = part * chunk, end = min(count, start + chunk)
            guard end > start else { return }
            cvk_gelu_erf(shared.base + start, end - start)
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
