import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Pipeline
import QuarryCore
import Server
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a hostile or careless client meets: wrong methods, missing tokens, foreign
/// hosts, non-JSON bodies, huge and slow bodies, too many requests at once, and
/// answers that would disclose server paths.
@Suite("Server hardening", .serialized)
struct HardeningTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    @Test func wrongMethodsAre405AndHeadIsAnswered() async throws {
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/query", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/v1/documents/abc", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
            }
            try await client.execute(uri: "/healthz", method: .head) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aTokenGuardsEverythingButTheProbes() async throws {
        var settings = ServerSettings()
        settings.authToken = "0123456789abcdef-secret"
        try await fixture.application(settings).test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "Basic MDEyMw=="]] {
                try await client.postJSON("/v1/query", #"{"question": "vacuum"}"#, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
            try await client.postJSON(
                "/v1/query", #"{"question": "vacuum"}"#, headers: [.authorization: "Bearer 0123456789abcdef-secret"]
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// RFC 7235 makes the auth scheme case-insensitive: `bearer` and `BEARER` pass with the
    /// right token (hummingbird-auth alone takes only `Bearer`); a wrong token, an empty one
    /// or the token glued to the scheme still gets 401 with `WWW-Authenticate: Bearer`.
    @Test func theBearerSchemeIsCaseInsensitiveAndTheTokenIsNot() async throws {
        var settings = ServerSettings()
        settings.authToken = "0123456789abcdef-secret"
        try await fixture.application(settings).test(.router) { client in
            let token = "0123456789abcdef-secret"
            for accepted in ["bearer \(token)", "BEARER  \(token)", "BeArEr \(token)"] {
                try await client.postJSON(
                    "/v1/query", #"{"question": "vacuum"}"#, headers: [.authorization: accepted]
                ) { response in
                    #expect(response.status == .ok, "\(accepted)")
                }
            }
            for refused in ["bearer \(token.uppercased())", "bearer ", "bearer\(token)", "Bearerx \(token)"] {
                try await client.postJSON(
                    "/v1/query", #"{"question": "vacuum"}"#, headers: [.authorization: refused]
                ) { response in
                    #expect(response.status == .unauthorized, "\(refused)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
        }
    }

    @Test func foreignHostsAndNonJSONBodiesAreRefused() async throws {
        var settings = ServerSettings()
        settings.allowedHosts = ["localhost", "127.0.0.1"]
        try await fixture.application(settings).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [hostField: "evil.example"]) { response in
                #expect(response.status == .misdirectedRequest)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [hostField: "localhost:8080"]) { response in
                #expect(response.status == .ok)
            }
            for type in ["text/plain", "application/x-www-form-urlencoded", nil] {
                var headers: HTTPFields = [hostField: "localhost"]
                if let type { headers[.contentType] = type }
                try await client.execute(
                    uri: "/v1/query", method: .post, headers: headers, body: ByteBuffer(string: #"{"question": "vacuum"}"#)
                ) { response in
                    #expect(response.status == .unsupportedMediaType)
                }
            }
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        var settings = ServerSettings()
        settings.maxBodyBytes = 1000
        try await fixture.application(settings).test(.router) { client in
            let big = #"{"question": ""# + String(repeating: "a", count: 2000) + #""}"#
            try await client.postJSON("/v1/query", big) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func answersAndHealthShowPathsRelativeToTheIndexedFolder() async throws {
        try await fixture.application().test(.router) { client in
            try await client.postJSON("/v1/query", #"{"question": "What does VACUUM reclaim?"}"#) { response in
                let citations = response.json["citations"] as? [[String: Any]] ?? []
                #expect(!citations.isEmpty)
                #expect(citations.allSatisfy { $0["document"] as? String == "vacuum.txt" || $0["document"] as? String == "indexes.txt" })
                let retrieved = response.json["retrieved"] as? [[String: Any]] ?? []
                #expect(!retrieved.isEmpty)
                #expect(retrieved.allSatisfy { ($0["document"] as? String)?.hasPrefix("/") == false })
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.json["index"] as? String == "index.quarry")
            }
        }
        var absolute = ServerSettings()
        absolute.paths = .absolute
        try await fixture.application(absolute).test(.router) { client in
            try await client.postJSON("/v1/query", #"{"question": "What does VACUUM reclaim?"}"#) { response in
                let citations = response.json["citations"] as? [[String: Any]] ?? []
                #expect((citations.first?["document"] as? String)?.hasPrefix(fixture.root.path) == true)
            }
        }
    }

    @Test func metricsCountRequestsAndStages() async throws {
        try await fixture.application().test(.router) { client in
            try await client.postJSON("/v1/query", #"{"question": "vacuum"}"#) { _ in }
            try await client.execute(uri: "/v1/query", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"quarry_http_requests_total{route="/v1/query",status="200"} 1"#))
                #expect(text.contains(#"status="405""#))
                #expect(text.contains(#"quarry_query_stage_duration_seconds_count{stage="retrieve"} 1"#))
                #expect(text.contains("quarry_index_chunks 2"))
            }
        }
    }

    @Test func aSlowBodyIs408AndHoldsItsClientsSlot() async throws {
        var settings = ServerSettings()
        settings.bodyTimeout = .milliseconds(700)
        settings.maxRequestsPerClient = 1
        try await fixture.application(settings).test(.live) { client in
            let port = try #require(client.port)
            // Announces 100 000 bytes and sends 10: the server must not wait for the rest.
            let slow = try SlowSocket(port: port)
            try slow.send("POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"questio")
            try await Task.sleep(for: .milliseconds(200))
            // Meanwhile the same client address has no slot left.
            try await client.postJSON("/v1/query", #"{"question": "vacuum"}"#) { response in
                #expect(response.status == .tooManyRequests)
            }
            let status = try await Offload.run { try slow.statusLine() }
            #expect(status.contains("408"))
            try await client.postJSON("/v1/query", #"{"question": "vacuum"}"#) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theOpenAPIDocumentHasEveryRoute() async throws {
        let router = await QuarryServer.makeRouter(factory: PipelineFactory(index: fixture.index))
        let routes = router.routes.filter { $0.method != .head }.map { route in
            (method: route.method.rawValue.lowercased(), path: route.path.description.replacingOccurrences(of: ":id", with: "{id}"))
        }
        #expect(routes.count >= 8)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let paths = response.json["paths"] as? [String: [String: Any]] ?? [:]
                for route in routes {
                    #expect(paths[route.path]?[route.method] != nil, "\(route.method) \(route.path) is not in /openapi.json")
                }
            }
        }
    }
}

private let hostField = HTTPField.Name("Host")!

/// A client that sends a request in pieces and reads the status line back.
final class SlowSocket: @unchecked Sendable {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { Glibc.close(fd) }

    /// Sends `text`; throws once the server has closed the connection (no SIGPIPE).
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            throw POSIXError(.EIO)
        }
    }

    /// Whether the server has closed the connection: a read returns end of stream (or a reset).
    func isClosedByServer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return count == 0 || errno == ECONNRESET }
        }
    }

    /// Everything the server sends until it closes the connection (or 10 s pass).
    func response() throws -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        guard !bytes.isEmpty else { throw POSIXError(.ETIMEDOUT) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first line of the response.
    func statusLine() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { throw POSIXError(.ETIMEDOUT) }
        return String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\r\n").first.map(String.init) ?? ""
    }
}
