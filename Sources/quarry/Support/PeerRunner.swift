import ArgumentParser
import Foundation

/// Runs a peer script (`Benchmarks/peer_models.py` unless told) with the given Python and
/// reads the JSON object it prints.
enum PeerRunner {
    static func run(python: String, arguments: [String], script: String = "Benchmarks/peer_models.py") throws -> [String: Double] {
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("--peer-python: \(script) not found; run quarry bench from the repository root")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            throw ValidationError("--peer-python \(python): cannot run it (\(error.localizedDescription))")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw ValidationError("--peer-python \(python): the peer script failed (exit \(process.terminationStatus)); install its packages: pip install sentence-transformers llama-cpp-python")
        }
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}
