import Dispatch

/// Splits `0 ..< count` into `threads` contiguous chunks and runs `body` on each
/// concurrently; `body` must only write to disjoint memory per chunk.
enum ParallelChunks {
    static func run(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = max(1, min(threads, count))
        if parts == 1 {
            body(0 ..< count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body(count * part / parts ..< count * (part + 1) / parts)
        }
    }
}

extension ParallelChunks {
    /// `transform(i)` for every i in `0 ..< count`, computed on `threads` threads;
    /// the first error (by index) is rethrown.
    static func map<T: Sendable>(count: Int, threads: Int, _ transform: @Sendable (Int) throws -> T) throws -> [T] {
        var results = [Result<T, any Error>?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            run(count: count, threads: threads) { range in
                for i in range { out[i] = Result { try transform(i) } }
            }
        }
        return try results.map { try $0!.get() }
    }
}
