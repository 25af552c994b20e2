import Foundation

/// Carries what the chunking models report (tokens scored, warnings) to the one ingest
/// step under way (a `run`, or the chunking of one pushed document) and hands that step
/// its warnings when it ends: nothing outlives the step. Steps take turns, so each gets
/// only its own warnings.
final class IngestRelay: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`; `turn` orders the steps.
    private let lock = NSLock()
    private let turn = NSLock()
    private var progress: (@Sendable (IngestProgress) -> Void)?
    private var currentPath = ""
    private var scored = 0
    private var expected = 0
    private var collected: [String] = []

    /// What one step returned, with what was reported while it ran.
    struct Relayed<Value> {
        var value: Value
        /// Warnings, each prefixed with its file when the step named one.
        var warnings: [String]
        var scoredTokens: Int
    }

    /// The file being indexed.
    var path: String {
        get { lock.withLock { currentPath } }
        set { lock.withLock { currentPath = newValue } }
    }

    /// Tokens the run expects the model to score (for the ETA).
    var expectedTokens: Int {
        get { lock.withLock { expected } }
        set { lock.withLock { expected = newValue } }
    }

    /// Runs `body` as the one step relaying to `progress` (waiting for a step under way
    /// to end) and returns its value with the warnings and token count reported meanwhile.
    func relaying<Value>(
        to progress: @escaping @Sendable (IngestProgress) -> Void, _ body: () throws -> Value
    ) rethrows -> Relayed<Value> {
        turn.lock()
        defer { turn.unlock() }
        lock.withLock {
            self.progress = progress
            (currentPath, scored, expected, collected) = ("", 0, 0, [])
        }
        defer { lock.withLock { (self.progress, collected) = (nil, []) } }
        let value = try body()
        return lock.withLock { Relayed(value: value, warnings: collected, scoredTokens: scored) }
    }

    /// `tokens` more were scored, at `rate` tokens per second overall.
    func scored(tokens: Int, rate: Double) {
        let (report, update): ((@Sendable (IngestProgress) -> Void)?, IngestProgress) = lock.withLock {
            scored += tokens
            let total = max(expected, scored)
            let left = rate > 0 ? Double(total - scored) / rate : nil
            return (progress, IngestProgress(
                stage: .scoring, done: scored, total: total, path: currentPath, tokensPerSecond: rate, secondsLeft: left
            ))
        }
        report?(update)
    }

    /// Records `message` about the current file for the step under way and passes it on.
    func warn(_ message: String) {
        let (report, update): ((@Sendable (IngestProgress) -> Void)?, IngestProgress) = lock.withLock {
            if progress != nil { collected.append(currentPath.isEmpty ? message : "\(currentPath): \(message)") }
            return (progress, IngestProgress(stage: .warning, done: 0, total: 0, path: currentPath, message: message))
        }
        report?(update)
    }
}
