import Foundation
import QuarryCore

extension LlamaDecoder {
    /// Generates from `prompt` on a thread of ``Offload``'s stream pool and streams each
    /// token id as it is sampled. The decoding loop runs at most `window` tokens ahead of the
    /// consumer, and when the consumer stops listening (a client that went away, a
    /// cancelled task) the loop stops before its next token, so no work is done for
    /// nobody. `onEnd` learns how many tokens the loop produced when it ended.
    public func tokenStream(
        prompt: [Int], maxTokens: Int, sampling: SamplingParameters = SamplingParameters(), stopAtEndToken: Bool = true,
        window: Int = 4, onEnd: @escaping @Sendable (_ produced: Int) -> Void = { _ in }
    ) -> TokenStream {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Int.self)
        let control = StreamControl(window: max(window, 1))
        continuation.onTermination = { _ in control.stop() }
        Offload.stream { [self] in
            var produced = 0
            defer { onEnd(produced) }
            do {
                _ = try generate(prompt: prompt, maxTokens: maxTokens, sampling: sampling, stopAtEndToken: stopAtEndToken) { id in
                    guard control.waitForRoom() else { return false }
                    produced += 1
                    continuation.yield(id)
                    return true
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return TokenStream(base: stream, control: control)
    }
}

/// The token ids of ``LlamaDecoder/tokenStream(prompt:maxTokens:sampling:stopAtEndToken:window:onEnd:)``;
/// taking one lets the decoding loop produce another.
public struct TokenStream: AsyncSequence, Sendable {
    public typealias Element = Int
    let base: AsyncThrowingStream<Int, any Error>
    let control: StreamControl

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Int, any Error>.AsyncIterator
        let control: StreamControl

        public mutating func next() async throws -> Int? {
            let id = try await base.next()
            if id != nil { control.taken() }
            return id
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), control: control)
    }
}

/// Back-pressure and stopping between the decoding thread and the stream's consumer.
final class StreamControl: @unchecked Sendable {
    private let condition = NSCondition()
    private let window: Int
    private var ahead = 0
    private var stopped = false

    init(window: Int) {
        self.window = window
    }

    /// Blocks the decoding thread while `window` tokens wait unread; false once the
    /// consumer has gone.
    func waitForRoom() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ahead >= window && !stopped { condition.wait() }
        guard !stopped else { return false }
        ahead += 1
        return true
    }

    /// The consumer took a token.
    func taken() {
        condition.lock()
        ahead -= 1
        condition.signal()
        condition.unlock()
    }

    /// The consumer went away.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
