import Foundation

extension LlamaDecoder {
    /// Generates from `prompt` on a thread of its own and streams each token id as it
    /// is sampled. When the consumer stops listening (a client that went away, a
    /// cancelled task), the stream's termination stops the decoding loop before its
    /// next token, so no work is done for nobody. `onEnd` learns how many tokens the
    /// loop produced when it ended, for whatever reason.
    public func tokenStream(
        prompt: [Int], maxTokens: Int, sampling: SamplingParameters = SamplingParameters(), stopAtEndToken: Bool = true,
        onEnd: @escaping @Sendable (_ produced: Int) -> Void = { _ in }
    ) -> AsyncThrowingStream<Int, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Int.self)
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.raise() }
        let thread = Thread { [self] in
            var produced = 0
            defer { onEnd(produced) }
            do {
                _ = try generate(prompt: prompt, maxTokens: maxTokens, sampling: sampling, stopAtEndToken: stopAtEndToken) { id in
                    guard !stop.isRaised else { return false }
                    produced += 1
                    continuation.yield(id)
                    return !stop.isRaised
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "quarry.generate"
        thread.start()
        return stream
    }
}

/// A flag the stream's consumer raises and the decoding thread reads.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    var isRaised: Bool { lock.withLock { raised } }
    func raise() { lock.withLock { raised = true } }
}
