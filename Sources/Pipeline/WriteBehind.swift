import Dispatch
import Foundation

/// Runs one write at a time on a thread of its own, so the caller reads and prepares
/// the next batch while the last one commits; ``wait()`` hands back its error.
final class WriteBehind: @unchecked Sendable {
    // @unchecked: `failure` and `seconds` are written on `queue` inside the group and
    // read by the caller only after `group.wait()`, which orders the two.
    private let queue = DispatchQueue(label: "quarry.ingest.write")
    private let group = DispatchGroup()
    private var failure: (any Error)?
    private var seconds = 0.0
    private var inFlight = false

    /// Starts `write`; the write before it must have been waited for.
    func start(_ write: @escaping @Sendable () throws -> Void) {
        precondition(!inFlight, "WriteBehind.start before waiting for the previous write")
        inFlight = true
        group.enter()
        queue.async {
            let started = DispatchTime.now().uptimeNanoseconds
            do { try write() } catch { self.failure = error }
            self.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            self.group.leave()
        }
    }

    /// Waits for the write in flight, if any; returns the seconds it took, or rethrows
    /// its error.
    @discardableResult
    func wait() throws -> Double {
        guard inFlight else { return 0 }
        group.wait()
        inFlight = false
        defer { (failure, seconds) = (nil, 0) }
        if let failure { throw failure }
        return seconds
    }
}
