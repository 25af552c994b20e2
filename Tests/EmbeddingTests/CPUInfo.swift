import Foundation

/// What the Linux kernel says this CPU can do, read apart from Quarry's own cpuid check.
enum CPUInfo {
    /// The feature flags of the first CPU in `/proc/cpuinfo` (`avx2`, `avx512_bf16`, …);
    /// nil where there is no such file.
    static let flags: Set<String>? = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return nil }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }()
}
