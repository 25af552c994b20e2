import Foundation

/// This process's resident set size, from /proc/self/status (Linux).
enum ResidentMemory {
    static func megabytes() -> Double {
        field("VmRSS:")
    }

    /// The most this process has held resident so far.
    static func peakMegabytes() -> Double {
        field("VmHWM:")
    }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
