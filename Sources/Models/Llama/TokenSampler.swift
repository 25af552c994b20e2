import Foundation
import Kernels

/// Picks next tokens from logits: greedy at temperature 0, otherwise temperature,
/// top-k and top-p (nucleus) sampling driven by a seeded SplitMix64 generator.
public struct TokenSampler {
    /// The sampling settings.
    public let parameters: SamplingParameters
    private var state: UInt64

    /// A sampler whose random sequence is fixed by `parameters.seed`.
    public init(parameters: SamplingParameters) {
        self.parameters = parameters
        state = parameters.seed &+ 0x9E37_79B9_7F4A_7C15
    }

    /// The chosen token id for `logits` [vocabulary].
    public mutating func sample(_ logits: [Float]) -> Int {
        logits.withUnsafeBufferPointer { l in
            guard parameters.temperature > 0 else { return TopK.argmax(l.baseAddress!, count: l.count) }
            let k = parameters.topK > 0 ? min(parameters.topK, l.count) : l.count
            let candidates = TopK.indices(of: l.baseAddress!, count: l.count, k: k)
            var weights = candidates.map { l[$0] / parameters.temperature }
            weights.withUnsafeMutableBufferPointer { Softmax.apply($0.baseAddress!, count: $0.count) }
            var kept = 0
            var mass: Float = 0
            while kept < weights.count {
                mass += weights[kept]
                kept += 1
                if mass >= parameters.topP { break }
            }
            var target = Float(nextUniform()) * mass
            for i in 0..<kept {
                target -= weights[i]
                if target <= 0 { return candidates[i] }
            }
            return candidates[kept - 1]
        }
    }

    /// A uniform number in [0, 1).
    private mutating func nextUniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
