import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The most this process's resident memory grew above where it stood when the
/// measurement began, sampled every 5 ms from /proc/self/statm while `body` runs (a peak
/// of its own, unlike `ru_maxrss`, which an earlier, bigger test would hide).
func peakGrowth<T>(during body: () throws -> T) rethrows -> (result: T, bytes: Int) {
    let baseline = residentBytes()
    let peak = Peak(baseline)
    let sampler = Thread {
        while !peak.stopped {
            peak.see(residentBytes())
            usleep(5_000)
        }
    }
    sampler.start()
    defer { peak.stop() }
    let result = try body()
    peak.see(residentBytes())
    return (result, peak.value - baseline)
}

private func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

private final class Peak: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var highest: Int
    private var done = false
    init(_ start: Int) { highest = start }
    var value: Int { lock.withLock { highest } }
    var stopped: Bool { lock.withLock { done } }
    func see(_ bytes: Int) { lock.withLock { highest = max(highest, bytes) } }
    func stop() { lock.withLock { done = true } }
}
