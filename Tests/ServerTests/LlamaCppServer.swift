import Foundation
import Models
import OpenAIHTTP

#if canImport(Glibc)
import Glibc
#endif

/// llama.cpp's OpenAI-compatible server (`python -m llama_cpp.server`, llama-cpp-python
/// from `Deploy/test-tools.sh`) on the SmolLM2 GGUF, started on a free local port for one
/// test and killed after it. Its log (uvicorn's, one access line per request with the
/// client's port) is kept in a file, so a test can see how many connections it was sent
/// on.
final class LlamaCppServer {
    let port: Int
    let log: URL
    private let process = Process()

    /// Starts the server with `arguments` after the model's and waits (up to a minute) for it to listen.
    init(_ arguments: [String] = []) async throws {
        let model = try ModelLocator().requireDecoderFile()
        port = try Self.freePort()
        log = FileManager.default.temporaryDirectory.appendingPathComponent("llama-cpp-\(port).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: try PythonTools.python())
        process.arguments = ["-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", "\(port)",
                             "--n_ctx", "2048", "--model_alias", "smollm2", "--n_threads", "2"] + arguments
        process.standardOutput = output
        process.standardError = output
        try process.run()
        for _ in 0..<120 where !Self.listening(port) {
            try await Task.sleep(for: .milliseconds(500))
        }
        guard Self.listening(port) else {
            stop()
            throw PythonTools.ToolMissing(message: "llama_cpp.server did not start within a minute")
        }
    }

    /// Kills the server (SIGKILL: uvicorn's graceful shutdown can wait on kept-alive connections).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }

    deinit { stop() }

    /// Its `/v1` endpoint for `model`.
    func endpoint(timeout: TimeInterval = 120, retries: Int = 0) -> OpenAIEndpoint {
        OpenAIEndpoint(
            baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: "smollm2", timeout: timeout, retries: retries
        )
    }

    /// The client ports of the requests logged for `path` so far, in order.
    func clientPorts(of path: String) throws -> [Int] {
        let text = try String(contentsOf: log, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Int? in
            guard line.contains("\"POST \(path) "), let at = line.range(of: "127.0.0.1:") else { return nil }
            return Int(line[at.upperBound...].prefix { $0.isNumber })
        }
    }

    /// Established TCP connections from this machine to the server.
    func openClientConnections() throws -> Int {
        try Self.openConnections(to: port)
    }

    /// Established TCP connections from this machine to `port` (their client ends, read
    /// from /proc/net/tcp).
    static func openConnections(to port: Int) throws -> Int {
        let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        let remote = String(format: ":%04X", port)
        return table.split(separator: "\n").dropFirst().filter { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[2].hasSuffix(remote) && fields[3] == "01"
        }.count
    }

    /// A port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw PythonTools.ToolMissing(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on `port`.
    static func listening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
