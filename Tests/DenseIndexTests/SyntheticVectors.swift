import DenseIndex
import Foundation

/// Deterministic test data: a seeded generator and vectors drawn around known centres.
struct SyntheticVectors {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A uniform float in [0, 1) (SplitMix64).
    mutating func uniform() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Float((z ^ (z >> 31)) >> 40) / Float(1 << 24)
    }

    /// A standard normal float (Box–Muller).
    mutating func normal() -> Float {
        let u = max(uniform(), 1e-7), v = uniform()
        return Float((-2 * log(Double(u))).squareRoot() * cos(2 * Double.pi * Double(v)))
    }

    /// `count × dimension` standard normal values.
    mutating func gaussian(count: Int, dimension: Int) -> VectorMatrix {
        try! VectorMatrix(values: (0 ..< count * dimension).map { _ in normal() }, dimension: dimension)
    }

    /// `count` points around `centres.count` centres (cycling), with noise `spread`.
    mutating func clustered(count: Int, centres: VectorMatrix, spread: Float) -> VectorMatrix {
        let d = centres.dimension
        var values = [Float]()
        for i in 0 ..< count {
            let centre = centres[i % centres.count]
            for j in 0 ..< d { values.append(centre[j] + spread * normal()) }
        }
        return try! VectorMatrix(values: values, dimension: d)
    }
}
