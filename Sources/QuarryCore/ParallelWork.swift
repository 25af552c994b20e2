import Dispatch
import Foundation
import Synchronization

/// Runs work over `0 ..< count` on a few threads: the one parallel map of Quarry.
/// `body` must only write to disjoint memory per index.
public enum ParallelWork {
    /// Splits `0 ..< count` into `threads` contiguous chunks, for even work (encoding).
    public static func run(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = max(1, min(threads, count))
        if parts == 1 {
            body(0 ..< count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body(count * part / parts ..< count * (part + 1) / parts)
        }
    }

    /// `transform(i)` for every i in `0 ..< count` on `threads` threads that take
    /// `grain` indices at a time from a shared counter, so a thread the OS delays does
    /// not hold the others back; the first error (by index) is rethrown.
    public static func map<T: Sendable>(count: Int, threads: Int, grain: Int = 8,
                                 _ transform: @Sendable (Int) throws -> T) throws -> [T] {
        var results = [Result<T, any Error>?](repeating: nil, count: count)
        let counter = WorkCounter()
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
                while true {
                    let start = counter.take(grain)
                    guard start < count else { return }
                    for i in start ..< min(start + grain, count) { out[i] = Result { try transform(i) } }
                }
            }
        }
        return try results.map { try $0!.get() }
    }
}

/// A shared next-index counter for `ParallelWork.map`.
private final class WorkCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// Reserves `amount` indices and returns the first.
    func take(_ amount: Int) -> Int {
        next.wrappingAdd(amount, ordering: .relaxed).oldValue
    }
}

extension ParallelWork {
    /// `transform(i)` for every i in `0 ..< count`, at most `width` at a time as child
    /// tasks, in index order; the first error thrown (by time) cancels the rest and is
    /// rethrown.
    public static func map<T: Sendable>(
        count: Int, width: Int, _ transform: @escaping @Sendable (Int) async throws -> T
    ) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: count)
            var next = 0
            while next < min(max(1, width), count) {
                group.addTask { [next] in (next, try await transform(next)) }
                next += 1
            }
            while let (index, value) = try await group.next() {
                results[index] = value
                if next < count {
                    group.addTask { [next] in (next, try await transform(next)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
