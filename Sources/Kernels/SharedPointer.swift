/// A pointer that may be captured by closures running concurrently on several cores
/// (`DispatchQueue.concurrentPerform`). The caller guarantees the memory outlives the
/// work and that concurrent writes touch disjoint elements.
public struct SharedPointer<Element>: @unchecked Sendable {
    /// The shared memory.
    public let base: UnsafeMutablePointer<Element>

    /// Wraps a mutable pointer.
    public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }

    /// Wraps a read-only pointer (it is never written through).
    public init(readOnly base: UnsafePointer<Element>) { self.base = UnsafeMutablePointer(mutating: base) }
}
