import Foundation

/// The Python tools `Deploy/test-tools.sh` installs for the tests (OpenAI's client,
/// llama.cpp's server, selenium) and a way to run them.
enum PythonTools {
    /// The venv's interpreter; the test fails with what to run when it is missing.
    static func python() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")
        let path = cache + "/quarry/venv-tools/bin/python"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ToolMissing(message: "\(path) is missing; run Deploy/test-tools.sh, which installs the openai client, llama-cpp-python and selenium")
        }
        return path
    }

    /// Runs `arguments` with the venv's Python and returns its standard output; throws with its stderr when it fails.
    static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolMissing(message: "python \(arguments.first ?? "") failed: \(String(decoding: message.suffix(2000), as: UTF8.self))")
        }
        return data
    }

    /// A fixture file of this test target.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    struct ToolMissing: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
