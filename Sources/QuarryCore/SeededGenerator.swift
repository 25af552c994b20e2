/// SplitMix64: a small deterministic random generator, so training with the same
/// seed gives the same index on every machine, and a seeded search the same result.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` distinct indices from `0 ..< population`, in random order.
    public mutating func sample(_ count: Int, from population: Int) -> [Int] {
        var indices = Array(0 ..< population)
        for i in 0 ..< min(count, population) {
            let j = Int.random(in: i ..< population, using: &self)
            indices.swapAt(i, j)
        }
        return Array(indices.prefix(count))
    }
}
