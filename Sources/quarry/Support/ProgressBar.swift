import Foundation
import Pipeline
import Synchronization

/// A progress bar on stderr: redrawn in place on a terminal, one line per tenth of the
/// work otherwise (so logs stay readable).
final class ProgressBar: Sendable {
    private let label: String
    private let interactive = isatty(STDERR_FILENO) == 1
    /// The last tenth of the work a line was written for; its lock also keeps two updates
    /// from drawing at once.
    private let lastTenth = Mutex(-1)
    private let started = Date()

    init(label: String) {
        self.label = label
    }

    /// Shows `done` of `total`, with `detail` (e.g. the current file) on a terminal.
    func update(done: Int, total: Int, detail: String = "") {
        lastTenth.withLock { lastTenth in
            let fraction = total > 0 ? Double(done) / Double(total) : 1
            let elapsed = Date().timeIntervalSince(started)
            if interactive {
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                let name = detail.count > 40 ? "…" + detail.suffix(39) : detail
                let line = String(format: "\r%@ %@ %d/%d %.1fs %@", label, bar, done, total, elapsed, name)
                FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
                if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
            } else {
                let tenth = Int(fraction * 10)
                guard tenth > lastTenth else { return }
                lastTenth = tenth
                let line = String(format: "%@ %d/%d (%.0f%%) %.1fs", label, done, total, fraction * 100, elapsed)
                Output.status(detail.isEmpty ? line : line + " " + detail)
            }
        }
    }

    /// Shows a corpus file's progress (``IngestProgress/Stage/corpus``): megabytes of it
    /// in committed batches, and what each batch went through.
    func update(corpus progress: IngestProgress, embedding: Bool) {
        let megabyte = 1 << 20
        let total = (progress.total + megabyte - 1) / megabyte
        let done = progress.done >= progress.total ? total : progress.done / megabyte
        let work = embedding ? "chunked, embedded and written" : "chunked and written"
        update(done: done, total: total, detail: "MB, \(progress.documents ?? 0) documents \(work): \(progress.path)")
    }
}
