import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the built `quarry` executable, as a user would.
struct QuarryBinary {
    let url: URL

    init() throws {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("quarry") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw BinaryMissing(searched: candidates.map(\.path))
        }
        url = found
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        var searched: [String]
        var description: String { "quarry executable not found in \(searched)" }
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String

        var json: [String: Any]? {
            try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        }
    }

    /// Starts `quarry arguments…` in `directory` without waiting, in `environment` when
    /// given (this process's environment otherwise).
    func start(_ arguments: [String], in directory: URL, environment: [String: String]? = nil) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `quarry arguments…` in `directory` to the end, in `environment` when given
    /// (this process's environment otherwise).
    func run(_ arguments: [String], in directory: URL, environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        return try Self.outcome(of: process)
    }

    /// Runs `process` to the end and collects what it wrote.
    static func outcome(of process: Process) throws -> Outcome {
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}

/// The address of the `quarry serve` on `port` once it answers `/healthz` (nil if it does
/// not within 30 s).
func servedAddress(port: Int) async throws -> URL? {
    let base = URL(string: "http://127.0.0.1:\(port)")!
    for _ in 0..<300 {
        if (try? await URLSession.shared.data(from: base.appendingPathComponent("healthz"))) != nil { return base }
        try await Task.sleep(for: .milliseconds(100))
    }
    return nil
}
