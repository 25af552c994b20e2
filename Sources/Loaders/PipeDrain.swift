import Foundation
import Synchronization

/// Reads a pipe to its end on a background thread, so a child process writing to it
/// never blocks while its other output is being read.
final class PipeDrain: Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the reading thread before `done` is signalled, read after.
    private let data = Mutex(Data())

    /// Starts reading `handle` at once.
    init(_ handle: FileHandle) {
        DispatchQueue.global().async { [self] in
            let read = handle.readDataToEndOfFile()
            data.withLock { $0 = read }
            done.signal()
        }
    }

    /// Waits for the end of the pipe and returns what was read, as lossy UTF-8 text.
    func wait() -> String {
        done.wait()
        return String(decoding: data.withLock { $0 }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
