import Foundation
import QuarryCore

/// Stops a child process that runs past its time limit or whose work was cancelled,
/// checking every 100 ms on a timer of its own, and remembers why it stopped it.
final class ProcessWatch: @unchecked Sendable {
    // @unchecked: `reason` is only read and written under `lock`; `timer` is set once.
    enum Reason {
        case timedOut, tooLarge, cancelled
    }

    private let process: Process
    private let lock = NSLock()
    private var reason: Reason?
    private let timer: any DispatchSourceTimer

    /// Starts watching `process` for `timeLimit`, and `signal` when given.
    init(_ process: Process, timeLimit: Duration, signal: CancellationSignal?) {
        self.process = process
        let deadline = ContinuousClock.now + timeLimit
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
        timer.setEventHandler { [weak self] in
            if ContinuousClock.now >= deadline {
                self?.stop(.timedOut)
            } else if let signal, (try? signal.check()) == nil {
                self?.stop(.cancelled)
            }
        }
        timer.resume()
    }

    /// Kills the process (once) for `why`.
    func stop(_ why: Reason) {
        let first = lock.withLock {
            guard reason == nil else { return false }
            reason = why
            return true
        }
        if first, process.isRunning { process.terminate() }
    }

    /// Ends the watch; why the process was stopped, nil when it ran to its end.
    func finish() -> Reason? {
        timer.cancel()
        return lock.withLock { reason }
    }
}
