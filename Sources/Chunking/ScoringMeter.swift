import Foundation
import QuarryCore

/// Shared by the model-driven chunkers of one indexing run: measures how fast the
/// language model scores tokens (to foresee whether a document fits the time budget),
/// and passes progress and warnings on to whoever shows them.
public final class ScoringMeter: @unchecked Sendable {
    // @unchecked: the counters are only touched under `lock`.
    private let lock = NSLock()
    private var tokens = 0
    private var seconds = 0.0
    private let assumedTokensPerSecond: Double
    private let onScored: @Sendable (Int, Double) -> Void
    private let onWarning: @Sendable (String) -> Void

    /// Creates a meter. `assumedTokensPerSecond` stands in until 1,000 tokens were timed;
    /// `onScored` gets each batch's token count and the measured tokens per second;
    /// `onWarning` gets what a user should know (a document chunked without the model).
    public init(
        assumedTokensPerSecond: Double = 300, onScored: @escaping @Sendable (Int, Double) -> Void = { _, _ in },
        onWarning: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.assumedTokensPerSecond = assumedTokensPerSecond
        self.onScored = onScored
        self.onWarning = onWarning
    }

    /// Tokens scored per second so far (the assumed rate before enough were timed).
    public var tokensPerSecond: Double {
        lock.withLock { tokens >= 1_000 && seconds > 0 ? Double(tokens) / seconds : assumedTokensPerSecond }
    }

    /// Tokens scored so far.
    public var scoredTokens: Int { lock.withLock { tokens } }

    /// Times `body`, which scores `count` tokens, and reports them.
    func measure<T>(tokens count: Int, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        let rate: Double = lock.withLock {
            tokens += count
            seconds += elapsed.seconds
            return seconds > 0 ? Double(tokens) / seconds : assumedTokensPerSecond
        }
        onScored(count, rate)
        return result
    }

    /// Passes `message` on.
    func warn(_ message: String) {
        onWarning(message)
    }
}
