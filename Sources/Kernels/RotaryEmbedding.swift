import Foundation

/// Rotary position embedding (RoPE) in the interleaved-pair form llama.cpp uses for
/// Llama GGUF files: pair (x[2i], x[2i+1]) turns by angle position · base^(−2i/dims).
public struct RotaryEmbedding: Sendable {
    /// Rotated dimensions per head (the head size for Llama).
    public let dimensions: Int
    /// Frequency base θ (10 000 for Llama 2; SmolLM2 uses 100 000).
    public let base: Float
    private let inverseFrequencies: [Float]

    /// Prepares the per-pair frequencies for `dimensions` rotated values per head.
    public init(dimensions: Int, base: Float) {
        self.dimensions = dimensions
        self.base = base
        inverseFrequencies = (0..<(dimensions / 2)).map { i in
            Float(pow(Double(base), -2 * Double(i) / Double(dimensions)))
        }
    }

    /// Rotates every head of one token in place: x[heads×headSize] at `position`.
    public func apply(_ x: UnsafeMutablePointer<Float>, heads: Int, headSize: Int, position: Int) {
        inverseFrequencies.withUnsafeBufferPointer { freqs in
            for pair in 0..<(dimensions / 2) {
                let angle = Double(position) * Double(freqs[pair])
                let c = Float(cos(angle)), s = Float(sin(angle))
                for h in 0..<heads {
                    let p = x + h * headSize + 2 * pair
                    let a = p[0], b = p[1]
                    p[0] = a * c - b * s
                    p[1] = a * s + b * c
                }
            }
        }
    }
}
