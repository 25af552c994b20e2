import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Pipeline
import QuarryCore
import Server
import Testing

/// The body deadline on the wire, through the application `quarry serve` runs
/// (`QuarryServer.makeApplication`: its idle timeout and connection cap included): a
/// client that announces a body and then trickles it, a byte at a time and never idle
/// long enough for the idle timeout, reads `408` from its own socket and is disconnected,
/// and the server goes on answering everyone else.
@Suite("Body deadline", .serialized)
struct BodyDeadlineTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    @Test func aTrickledBodyReads408FromTheSocketAndTheServerStaysUp() async throws {
        var settings = ServerSettings()
        settings.bodyTimeout = .milliseconds(700)
        // Far longer than the deadline, so only the body deadline can end this request.
        settings.idleTimeout = .seconds(60)
        let application = await QuarryServer.makeApplication(
            factory: PipelineFactory(index: fixture.index), defaults: StageChoice(), embedder: nil,
            host: "127.0.0.1", port: 0, settings: settings, logger: Logger(label: "body-deadline-test")
        )
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let slow = try SlowSocket(port: port)
            try slow.send(
                "POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"question\": \""
            )
            // One byte every 100 ms: 100 bytes over 10 s at most, never the announced 1000.
            let trickle = Task.detached {
                for _ in 0..<100 {
                    guard (try? slow.send("a")) != nil, !Task.isCancelled else { return }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            // SlowSocket gives up after 10 s without a byte: no answer is a thrown error.
            let status = try await Offload.run { try slow.statusLine() }
            trickle.cancel()
            #expect(status.hasPrefix("HTTP/1.1 408"), "got `\(status)`")
            #expect(try await Offload.run { slow.isClosedByServer() })

            // The server is still up: a probe and a whole query over new connections.
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.postJSON("/v1/query", #"{"question": "What does VACUUM reclaim?"}"#) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
