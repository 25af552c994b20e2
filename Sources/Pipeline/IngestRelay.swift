import Foundation
import Synchronization

/// Carries what the chunking models report (tokens scored, warnings) to the one ingest
/// step under way (a `run`, or the chunking of one pushed document) and hands that step
/// its warnings when it ends: nothing outlives the step. Steps take turns, so each gets
/// only its own warnings.
final class IngestRelay: Sendable {
    /// What the step under way has been told.
    private struct State {
        var progress: (@Sendable (IngestProgress) -> Void)?
        var path = ""
        var scored = 0
        var expected = 0
        var collected: [String] = []
    }

    private let state = Mutex(State())
    /// Whether a step is under way, and the steps waiting for their turn, first first.
    private let turn = Mutex<(busy: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    /// What one step returned, with what was reported while it ran.
    struct Relayed<Value> {
        var value: Value
        /// Warnings, each prefixed with its file when the step named one.
        var warnings: [String]
        var scoredTokens: Int
    }

    /// The file being indexed.
    var path: String {
        get { state.withLock { $0.path } }
        set { state.withLock { $0.path = newValue } }
    }

    /// Tokens the run expects the model to score (for the ETA).
    var expectedTokens: Int {
        get { state.withLock { $0.expected } }
        set { state.withLock { $0.expected = newValue } }
    }

    /// Runs `body` as the one step relaying to `progress` (waiting for a step under way
    /// to end) and returns its value with the warnings and token count reported meanwhile.
    func relaying<Value>(
        to progress: @escaping @Sendable (IngestProgress) -> Void, _ body: () async throws -> Value
    ) async rethrows -> Relayed<Value> {
        await takeTurn()
        defer { passTurn() }
        state.withLock { $0 = State(progress: progress) }
        defer { state.withLock { $0.progress = nil; $0.collected = [] } }
        let value = try await body()
        let (warnings, scored) = state.withLock { ($0.collected, $0.scored) }
        return Relayed(value: value, warnings: warnings, scoredTokens: scored)
    }

    /// Waits until no other step is under way, and marks this one so.
    private func takeTurn() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = turn.withLock { turn in
                if !turn.busy {
                    turn.busy = true
                    return true
                }
                turn.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Hands the turn to the step that has waited longest, or frees it.
    private func passTurn() {
        let next: CheckedContinuation<Void, Never>? = turn.withLock { turn in
            guard !turn.waiting.isEmpty else {
                turn.busy = false
                return nil
            }
            return turn.waiting.removeFirst()
        }
        next?.resume()
    }

    /// `tokens` more were scored, at `rate` tokens per second overall.
    func scored(tokens: Int, rate: Double) {
        let (report, update): ((@Sendable (IngestProgress) -> Void)?, IngestProgress) = state.withLock { state in
            state.scored += tokens
            let total = max(state.expected, state.scored)
            let left = rate > 0 ? Double(total - state.scored) / rate : nil
            return (state.progress, IngestProgress(
                stage: .scoring, done: state.scored, total: total, path: state.path, tokensPerSecond: rate,
                secondsLeft: left
            ))
        }
        report?(update)
    }

    /// Records `message` about the current file for the step under way and passes it on.
    func warn(_ message: String) {
        let (report, update): ((@Sendable (IngestProgress) -> Void)?, IngestProgress) = state.withLock { state in
            if state.progress != nil {
                state.collected.append(state.path.isEmpty ? message : "\(state.path): \(message)")
            }
            return (state.progress, IngestProgress(stage: .warning, done: 0, total: 0, path: state.path, message: message))
        }
        report?(update)
    }
}
