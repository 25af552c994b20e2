import Foundation
import Hummingbird
import HummingbirdTesting
import OpenAIHTTP
import QuarryCore
import Testing

/// The HTTP side both OpenAI-compatible clients share, against a stand-in server on a real
/// local socket: a 429 with `Retry-After` is waited out (at least as long as asked) and
/// retried to success, a `Retry-After` longer than the timeout fails at once, a 400's
/// message reaches the user with advice and is not retried, and an answer over the size
/// bound is refused.
@Suite("OpenAI HTTP client", .serialized)
struct OpenAIHTTPClientTests {
    /// When each route was asked, so a test can see retries and the waits between them.
    actor Visits {
        var times: [String: [ContinuousClock.Instant]] = [:]

        func record(_ route: String) -> Int {
            times[route, default: []].append(.now)
            return times[route]!.count
        }

        func of(_ route: String) -> [ContinuousClock.Instant] { times[route] ?? [] }
    }

    struct Reply: Decodable, Equatable {
        var ok: Bool
    }

    static let limit = 1024

    static func json(_ status: HTTPResponse.Status, _ body: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func app(_ visits: Visits) -> some ApplicationProtocol {
        let router = Router()
        let rateLimited = #"{"error":{"message":"Rate limit reached","type":"requests"}}"#
        router.post("/limited/v1/embeddings") { _, _ -> Response in
            await visits.record("limited") == 1
                ? json(.tooManyRequests, rateLimited, headers: [.retryAfter: "1"]) : json(.ok, #"{"ok":true}"#)
        }
        router.post("/dated/v1/embeddings") { _, _ -> Response in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let later = formatter.string(from: Date().addingTimeInterval(2))
            return await visits.record("dated") == 1
                ? json(.serviceUnavailable, "busy", headers: [.retryAfter: later]) : json(.ok, #"{"ok":true}"#)
        }
        router.post("/patient/v1/embeddings") { _, _ -> Response in
            _ = await visits.record("patient")
            return json(.tooManyRequests, rateLimited, headers: [.retryAfter: "120"])
        }
        router.post("/refuse/v1/embeddings") { _, _ -> Response in
            _ = await visits.record("refuse")
            let body = #"{"error":{"message":"max_tokens is too large: 99999","type":"invalid_request_error"}}"#
            return json(.badRequest, body)
        }
        router.post("/shapeless/v1/embeddings") { _, _ -> Response in
            json(.ok, #"{"ok":"yes"}"#)
        }
        router.post("/huge/v1/embeddings") { _, _ -> Response in
            json(.ok, #"{"ok":true,"pad":""# + String(repeating: "x", count: 4 * limit) + #""}"#)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func client(_ port: Int, _ route: String, timeout: TimeInterval = 10) -> OpenAIHTTPClient {
        OpenAIHTTPClient(endpoint: OpenAIEndpoint(
            baseURL: URL(string: "http://127.0.0.1:\(port)/\(route)/v1")!, model: "stand-in", apiKey: "sk-test",
            timeout: timeout, retries: 2, backoff: 0.05
        ))
    }

    static func ask(_ client: OpenAIHTTPClient) async throws -> Reply {
        try await client.post(
            "embeddings", json: Data("{}".utf8), bodyLimit: limit, decoding: Reply.self, what: "a reply"
        )
    }

    static func failure(_ client: OpenAIHTTPClient) async -> QuarryError? {
        do {
            _ = try await ask(client)
            return nil
        } catch {
            return QuarryError(error)
        }
    }

    @Test func a429IsRetriedAfterTheWaitItAsksFor() async throws {
        let visits = Visits()
        try await Self.app(visits).test(.live) { client in
            let port = try #require(client.port)
            #expect(try await Self.ask(Self.client(port, "limited")) == Reply(ok: true))
            let times = await visits.of("limited")
            try #require(times.count == 2)
            // The back-off alone is 0.05 s: a wait of a second or more is the Retry-After's.
            #expect(times[0].duration(to: times[1]) >= .milliseconds(950))

            // An HTTP-date two seconds ahead (whole seconds, so at least one second away).
            #expect(try await Self.ask(Self.client(port, "dated")) == Reply(ok: true))
            let dated = await visits.of("dated")
            try #require(dated.count == 2)
            #expect(dated[0].duration(to: dated[1]) >= .milliseconds(950))
        }
    }

    @Test func aRetryAfterLongerThanTheTimeoutFailsAtOnce() async throws {
        let visits = Visits()
        try await Self.app(visits).test(.live) { client in
            let failure = await Self.failure(Self.client(try #require(client.port), "patient", timeout: 5))
            #expect(failure?.kind == .upstream)
            #expect(failure?.message.contains("Rate limit reached") == true, "\(String(describing: failure))")
            #expect(failure?.message.contains("retry after 120 s") == true, "\(String(describing: failure))")
            #expect(await visits.of("patient").count == 1, "no retry was waited for")
        }
    }

    @Test func a400sMessageSurfacesWithAdviceAndIsNotRetried() async throws {
        let visits = Visits()
        try await Self.app(visits).test(.live) { client in
            let port = try #require(client.port)
            let failure = try #require(await Self.failure(Self.client(port, "refuse")))
            #expect(failure.kind == .upstream)
            #expect(failure.message.contains("HTTP 400: max_tokens is too large: 99999"), "\(failure.message)")
            #expect(failure.message.contains("/refuse/v1/embeddings"), "names the URL: \(failure.message)")
            #expect(failure.message.contains("check the model name"), "says what to do: \(failure.message)")
            #expect(await visits.of("refuse").count == 1)
        }
    }

    /// Guards the decoding error once swallowed by `try?`: an answer of the wrong shape
    /// says which field is wrong, not only that the answer was not what was asked for.
    @Test func anAnswerOfTheWrongShapeNamesTheField() async throws {
        try await Self.app(Visits()).test(.live) { client in
            let port = try #require(client.port)
            let failure = try #require(await Self.failure(Self.client(port, "shapeless")))
            #expect(failure.kind == .upstream)
            #expect(failure.message.contains("did not answer with a reply (ok: "), "\(failure.message)")
            #expect(failure.message.contains(#"{"ok":"yes"}"#), "\(failure.message)")
        }
    }

    @Test func anAnswerOverTheSizeBoundIsRefused() async throws {
        try await Self.app(Visits()).test(.live) { client in
            let port = try #require(client.port)
            let failure = try #require(await Self.failure(Self.client(port, "huge")))
            #expect(failure.kind == .upstream)
            #expect(failure.message.contains("more than \(Self.limit) bytes"), "\(failure.message)")
        }
    }
}
