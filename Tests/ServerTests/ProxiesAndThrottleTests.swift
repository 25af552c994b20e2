import Foundation
import Hummingbird
import HummingbirdTesting
import Models
import Pipeline
import QuarryCore
import Server
import Testing

/// Behind a reverse proxy (issue 26): only a trusted proxy's `Forwarded` / `X-Forwarded-For`
/// name the client, so per-client limits and auth throttling count real clients, and a
/// client cannot pick its own address by sending the header; wrong bearer tokens are
/// limited per client per minute (429 + `Retry-After`) instead of about 2,000 guesses a
/// second; ids `.` and `..`, which no URL path can address, are refused on write.
@Suite("Proxies and auth throttling", .serialized)
struct ProxiesAndThrottleTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    @Test func onlyTrustedProxiesNameTheClient() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "::1"])
        // From a trusted proxy: the nearest untrusted hop, and the scheme it reports.
        let viaProxy = proxies.client(
            peer: "10.1.2.3", forwarded: nil, forwardedFor: "203.0.113.9, 10.0.0.7", forwardedProto: "https"
        )
        #expect(viaProxy.address == "203.0.113.9")
        #expect(viaProxy.scheme == "https")
        let rfc7239 = proxies.client(
            peer: "::1", forwarded: #"for=198.51.100.2;proto=https, for="[2001:db8::1]:443""#,
            forwardedFor: nil, forwardedProto: nil
        )
        #expect(rfc7239.address == "2001:db8::1")
        #expect(rfc7239.scheme == "https")
        // From anyone else the headers are ignored.
        let spoofed = proxies.client(
            peer: "198.51.100.7", forwarded: nil, forwardedFor: "1.2.3.4", forwardedProto: "https"
        )
        #expect(spoofed.address == "198.51.100.7")
        #expect(spoofed.scheme == "http")
        #expect(throws: TrustedProxiesError.self) { try TrustedProxies(["10.0.0.0/33"]) }
        #expect(throws: TrustedProxiesError.self) { try TrustedProxies(["proxy.example"]) }
    }

    @Test func wrongTokensAreThrottledPerClient() async throws {
        var settings = ServerSettings()
        settings.authToken = "0123456789abcdef-secret"
        settings.authFailuresPerMinute = 3
        try await fixture.application(settings).test(.router) { client in
            for attempt in 1...3 {
                try await client.execute(
                    uri: "/v1/models", method: .get, headers: [.authorization: "Bearer guess-\(attempt)"]
                ) { #expect($0.status != .tooManyRequests) }
            }
            try await client.execute(
                uri: "/v1/models", method: .get, headers: [.authorization: "Bearer guess-4"]
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
            // Probes stay open to a load balancer.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func idsDotAndDotDotAreRefused() async throws {
        try await fixture.application().test(.router) { client in
            for id in [".", ".."] {
                try await client.postJSON("/v1/documents", #"{"id": "\#(id)", "text": "Dots."}"#) {
                    #expect($0.status == .badRequest)
                }
            }
            try await client.postJSON("/v1/documents", #"{"id": "v1.2", "text": "Dots inside an id are fine."}"#) {
                #expect($0.status == .created)
            }
        }
    }
}

/// A body whose framing the HTTP parser rejects (`Transfer-Encoding: xchunked`) is the
/// client's mistake: 400, not the 500 it was.
@Suite("Malformed body framing", .serialized)
struct MalformedFramingTests {
    @Test func anUnknownTransferEncodingIs400() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            let status = try await Offload.run {
                let socket = try SlowSocket(port: port)
                try socket.send(
                    "POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: xchunked\r\n\r\n{\"question\": \"vacuum\"}"
                )
                return try socket.statusLine()
            }
            #expect(status.hasPrefix("HTTP/1.1 400"), "got `\(status)`")
        }
    }
}

/// A broken model file's error (issue 26): its message keeps no raw control bytes from
/// the file, and over HTTP the 503 does not show the server's model path.
@Suite("Model errors to clients")
struct ModelErrorExposureTests {
    @Test func controlBytesAreEscapedAndPathsStayInTheLog() async throws {
        let error = ModelError("/srv/models/x.gguf: bad key `\u{1B}[31mred\u{07}`")
        #expect(!error.message.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(error.message.contains("\\u{1B}"))

        let fixture = try await ServerFixture()
        let pipeline = QueryPipeline(index: fixture.index, generator: BrokenModelGenerator())
        let router = await QuarryServer.makeRouter(factory: FixedPipeline(index: fixture.index, fixed: pipeline))
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.router) { client in
            try await client.postJSON("/v1/query", #"{"question": "vacuum"}"#) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(!String(buffer: response.body).contains("/srv/models"))
            }
        }
    }
}

/// Fails the way a local generator over a broken model file does.
private struct BrokenModelGenerator: Generator {
    let name = "broken"

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: ModelError("/srv/models/x.gguf: not a valid model file")) }
    }
}
