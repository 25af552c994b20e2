/// Meta-Chunking's boundary rule over per-sentence mean surprisal: a sentence that is a
/// local minimum (the text around it is more surprising) closes its chunk.
///
/// For 1 ≤ i ≤ S − 2, sentence i closes a chunk when sᵢ is below both neighbours and
/// max(sᵢ₋₁ − sᵢ, sᵢ₊₁ − sᵢ) ≥ θ, or when sᵢ < sᵢ₋₁, sᵢ = sᵢ₊₁ and sᵢ₋₁ − sᵢ ≥ θ (a flat
/// bottom closes at its first sentence). θ is in nats; θ = 0 makes every strict minimum a
/// boundary and leaves size to the merge step.
public struct PerplexityBoundaryRule: Sendable, Equatable {
    /// The least drop into a minimum that makes it a boundary, in nats.
    public var threshold: Double

    /// Creates the rule with threshold θ = `threshold` nats.
    public init(threshold: Double = 0) {
        self.threshold = threshold
    }

    /// `closes[i]` is true when sentence i closes its chunk; the last sentence is not
    /// marked (it always ends the last chunk).
    public func boundaries(_ scores: [Double]) -> [Bool] {
        var closes = [Bool](repeating: false, count: scores.count)
        guard scores.count >= 3 else { return closes }
        for i in 1...(scores.count - 2) {
            let previous = scores[i - 1], current = scores[i], next = scores[i + 1]
            if current < previous && current < next {
                closes[i] = max(previous - current, next - current) >= threshold
            } else if current < previous && current == next {
                closes[i] = previous - current >= threshold
            }
        }
        return closes
    }
}
