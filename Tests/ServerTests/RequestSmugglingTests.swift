import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Pipeline
import QuarryCore
import Server
import Testing

/// Requests whose framing or target two HTTP parsers could read differently (a proxy in
/// front and this server) are refused with 400 and the connection closed (issue 26),
/// spoken as raw bytes to the server `quarry serve` runs (`QuarryServer.makeApplication`,
/// its channel handlers included).
@Suite("Ambiguous requests", .serialized)
struct RequestSmugglingTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    /// The status line and the rest of the answer to `request`, sent as is.
    private func answer(to request: String, settings: ServerSettings = ServerSettings()) async throws -> (String, String) {
        let application = await QuarryServer.makeApplication(
            factory: PipelineFactory(index: fixture.index), defaults: StageChoice(), embedder: nil,
            host: "127.0.0.1", port: 0, settings: settings, logger: Logger(label: "smuggling-test")
        )
        return try await application.test(.live) { client in
            let port = try #require(client.port)
            return try await Offload.run {
                let socket = try SlowSocket(port: port)
                try socket.send(request)
                let text = try socket.response()
                let status = text.split(separator: "\r\n").first.map(String.init) ?? ""
                return (status, text)
            }
        }
    }

    private static let query = #"{"question": "vacuum"}"#

    @Test func twoHostHeadersAre400EvenWhenOneIsAllowed() async throws {
        var settings = ServerSettings()
        settings.allowedHosts = ["127.0.0.1"]
        // The allowed name second: before the fix the check read that one and answered 200.
        let (status, text) = try await answer(
            to: "POST /v1/query HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(Self.query.utf8.count)\r\n\r\n\(Self.query)",
            settings: settings
        )
        #expect(status.hasPrefix("HTTP/1.1 400"), "got `\(status)`")
        #expect(text.contains("more than one Host header"))
        #expect(text.lowercased().contains("connection: close"))
    }

    @Test func twoEqualHostHeadersAre400() async throws {
        let (status, _) = try await answer(
            to: "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        #expect(status.hasPrefix("HTTP/1.1 400"), "got `\(status)`")
    }

    @Test func oneHostHeaderIsAnswered() async throws {
        var settings = ServerSettings()
        settings.allowedHosts = ["127.0.0.1"]
        let (status, _) = try await answer(
            to: "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", settings: settings
        )
        #expect(status.hasPrefix("HTTP/1.1 200"), "got `\(status)`")
    }

    /// Two framings of one body (the classic CL.TE / TE.CL smuggling), and two lengths.
    @Test(arguments: [
        "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
        "Content-Length: 22\r\nContent-Length: 4\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
    ])
    func twoFramingsAre400(_ framing: String) async throws {
        let (status, _) = try await answer(
            to: "POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\(framing)\r\n"
                + "16\r\n\(Self.query)\r\n0\r\n\r\n"
        )
        #expect(status.hasPrefix("HTTP/1.1 400"), "got `\(status)` for \(framing.debugDescription)")
    }
}
