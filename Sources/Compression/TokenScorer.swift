import QuarryCore

/// Scores every token of the contexts the coarse stage kept; the fine stage keeps the
/// highest-scored units.
public protocol TokenScorer: Sendable {
    /// The name shown in results.
    var name: String { get }
    /// One score per token of each passage (higher is kept first). `keepRates[i]` is the
    /// share of passage i the fine stage will keep (a live pass conditions on it).
    func scores(question: String, passages: [TokenizedPassage], keepRates: [Double]) async throws -> [[Float]]
}

/// Earlier tokens first: plain per-context truncation.
public struct PositionScorer: TokenScorer {
    public let name = "truncate"

    public init() {}

    public func scores(question: String, passages: [TokenizedPassage], keepRates: [Double]) async throws -> [[Float]] {
        passages.map { passage in (0..<passage.tokenCount).map { -Float($0) } }
    }
}

/// Uniformly random scores from a seed: random token dropping.
public struct RandomScorer: TokenScorer {
    public let name = "random"
    let seed: UInt64

    public init(seed: UInt64 = 42) {
        self.seed = seed
    }

    public func scores(question: String, passages: [TokenizedPassage], keepRates: [Double]) async throws -> [[Float]] {
        var generator = SeededGenerator(seed: seed)
        return passages.map { passage in (0..<passage.tokenCount).map { _ in Float.random(in: 0..<1, using: &generator) } }
    }
}
