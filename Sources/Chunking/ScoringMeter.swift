import Foundation
import Synchronization
import QuarryCore

/// Shared by the model-driven chunkers of one indexing run: measures how fast the
/// language model scores tokens (to foresee whether a document fits the time budget),
/// and passes progress and warnings on to whoever shows them.
public final class ScoringMeter: Sendable {
    /// Tokens scored so far, and the seconds they took.
    private let measured = Mutex((tokens: 0, seconds: 0.0))
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
        measured.withLock { measured in
            measured.tokens >= 1_000 && measured.seconds > 0
                ? Double(measured.tokens) / measured.seconds : assumedTokensPerSecond
        }
    }

    /// Tokens scored so far.
    public var scoredTokens: Int { measured.withLock { $0.tokens } }

    /// Times `body`, which scores `count` tokens, and reports them.
    func measure<T>(tokens count: Int, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        let rate: Double = measured.withLock { measured in
            measured.tokens += count
            measured.seconds += elapsed.seconds
            return measured.seconds > 0 ? Double(measured.tokens) / measured.seconds : assumedTokensPerSecond
        }
        onScored(count, rate)
        return result
    }

    /// Passes `message` on.
    func warn(_ message: String) {
        onWarning(message)
    }
}
