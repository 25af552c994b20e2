import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `quarry serve` stopped by SIGTERM while local generations compute (issue 26): it
/// exits 0, not killed by a signal. With no grace the requests are cancelled at once and
/// the server returns while a forward pass may still run on its threads; ending the
/// process under it ran OpenBLAS's exit handler beneath that pass, a segmentation fault
/// (seen once in five SIGTERMs with a 0.5 s grace under 30 generating clients; a race, so
/// this test catches it only when the signal lands in a pass). The server now waits for
/// its threads' work, at most the grace period and a second, then exits.
@Suite("Serve shutdown", .serialized)
struct ServeShutdownTests {
    let quarry: QuarryBinary
    let root: URL

    init() throws {
        quarry = try QuarryBinary()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-shutdown-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let text = (0..<400).map { "Sentence \($0): VACUUM reclaims storage occupied by dead tuples of table \($0 % 13)." }
        try Data(text.joined(separator: " ").utf8).write(to: docs.appendingPathComponent("v.txt"))
    }

    @Test func sigtermDuringLocalGenerationsExitsCleanly() async throws {
        let index = try quarry.run(["index", "docs", "--index", "index.quarry", "--embedder", "none"], in: root)
        try #require(index.status == 0, "\(index.stderr)")
        for attempt in 0..<3 {
            let port = try freePort()
            let process = try quarry.start(
                ["serve", "--index", "index.quarry", "--port", String(port), "--embedder", "none", "--shutdown-grace", "0"],
                in: root
            )
            let base = try #require(try await servedAddress(port: port), "quarry serve did not answer /healthz within 30 s")
            // Two generations (the decoder's slots) with a long context: their prompt's
            // forward pass is running when the signal arrives.
            let generations = (0..<2).map { _ in
                Task {
                    var request = URLRequest(url: base.appendingPathComponent("v1/query"))
                    request.httpMethod = "POST"
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.httpBody = Data(#"{"question": "What does VACUUM reclaim?", "generator": "local", "max_tokens": 200}"#.utf8)
                    _ = try? await URLSession.shared.data(for: request)
                }
            }
            try await Task.sleep(for: .milliseconds(150 + 100 * attempt))
            process.terminate()
            let stopping = ContinuousClock.now
            while process.isRunning && ContinuousClock.now - stopping < .seconds(30) {
                try await Task.sleep(for: .milliseconds(20))
            }
            for generation in generations { generation.cancel() }
            try #require(!process.isRunning, "quarry serve was still running 30 s after SIGTERM")
            #expect(process.terminationReason == .exit, "quarry serve died of signal \(process.terminationStatus)")
            #expect(process.terminationStatus == 0)
        }
    }
}
