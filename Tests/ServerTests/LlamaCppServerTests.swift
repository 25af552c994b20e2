import Foundation
import Generation
import Models
import OpenAIHTTP
import QuarryCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The OpenAI-compatible generator against a real peer: llama.cpp's server
/// (`python -m llama_cpp.server`, llama-cpp-python from PyPI) on the same SmolLM2 GGUF
/// the local generator runs. The answer streams in pieces, and greedy decoding of the
/// same prompt by the same weights starts with the same words as Quarry's own decoder.
@Suite("llama.cpp server as the OpenAI backend", .serialized)
struct LlamaCppServerTests {
    static let context = [
        ContextPassage(RetrievedChunk(
            chunkID: 3, document: "tower.txt", title: nil, byteStart: 0, byteEnd: 90,
            text: "The Eiffel Tower is a wrought-iron lattice tower in Paris, France. It was finished in 1889.",
            tokens: 20, score: 1, rank: 1
        )),
    ]
    static let question = "When was the Eiffel Tower finished?"

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

    static func answer(_ generator: some Generator) async throws -> (pieces: [String], text: String) {
        var pieces: [String] = []
        var text = ""
        for try await event in generator.generate(question: question, context: context) {
            switch event {
            case .text(let piece): pieces.append(piece)
            case .finished(let answer): text = answer.text
            }
        }
        return (pieces, text)
    }

    @Test(.timeLimit(.minutes(5))) func theLlamaCppServerAnswersStreamedLikeTheLocalModel() async throws {
        let model = try ModelLocator().requireDecoderFile()
        let port = try Self.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: try PythonTools.python())
        server.arguments = ["-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", "\(port)",
                            "--n_ctx", "2048", "--model_alias", "smollm2", "--n_threads", "2"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            // SIGKILL: uvicorn's graceful shutdown can wait on kept-alive connections.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let endpoint = OpenAIEndpoint(
            baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: "smollm2", timeout: 120, retries: 0
        )
        // Wait (up to a minute) for the server to load the model and listen.
        var ready = false
        for _ in 0..<120 where !ready {
            ready = Self.listening(port)
            if !ready { try await Task.sleep(for: .milliseconds(500)) }
        }
        try #require(ready, "llama_cpp.server did not start within a minute")

        let settings = GenerationSettings(maxTokens: 24)
        let remote = try await Self.answer(OpenAIGenerator(endpoint: endpoint, settings: settings))
        #expect(remote.pieces.count > 1, "streamed in pieces")
        #expect(remote.pieces.joined().trimmingCharacters(in: .whitespacesAndNewlines) == remote.text)
        let local = try await Self.answer(LocalGenerator(decoder: try LlamaDecoder(path: model), settings: settings))
        // Same weights, same chat template, greedy: the answers open alike (the first two
        // words; later tokens may part where the two runtimes' rounding differs).
        let remoteOpening = Array(remote.text.split(separator: " ").prefix(2))
        let localOpening = Array(local.text.split(separator: " ").prefix(2))
        #expect(remoteOpening == localOpening, "llama.cpp: \(remote.text) / Quarry: \(local.text)")
    }
}
