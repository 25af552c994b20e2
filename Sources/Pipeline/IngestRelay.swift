import Foundation

/// Carries what the chunking models report (tokens scored, warnings) to the progress
/// callback of the ingest run under way, with the file it concerns.
final class IngestRelay: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var progress: (@Sendable (IngestProgress) -> Void)?
    private var currentPath = ""
    private var scored = 0
    private var expected = 0
    private var collected: [String] = []

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

    /// Warnings reported during the run, each prefixed with its file.
    var warnings: [String] { lock.withLock { collected } }

    /// Tokens scored during the run.
    var scoredTokens: Int { lock.withLock { scored } }

    /// Starts relaying to `progress` for a new run.
    func start(_ progress: @escaping @Sendable (IngestProgress) -> Void) {
        lock.withLock {
            self.progress = progress
            scored = 0
            collected = []
        }
    }

    /// Stops relaying (the run is over).
    func stop() {
        lock.withLock { progress = nil }
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

    /// Records `message` about the current file and passes it on.
    func warn(_ message: String) {
        let (report, update): ((@Sendable (IngestProgress) -> Void)?, IngestProgress) = lock.withLock {
            collected.append("\(currentPath): \(message)")
            return (progress, IngestProgress(stage: .warning, done: 0, total: 0, path: currentPath, message: message))
        }
        report?(update)
    }
}
