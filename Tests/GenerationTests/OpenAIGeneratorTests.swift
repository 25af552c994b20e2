import Foundation
import Generation
import Hummingbird
import HummingbirdTesting
import OpenAIHTTP
import QuarryCore
import Testing

/// The OpenAI-compatible generator against a stand-in server that misbehaves on
/// purpose: a streamed answer arrives in pieces and keeps its citations, a plain JSON
/// answer is understood, 5xx is retried, and a server that refuses, answers garbage,
/// is down or too slow gives a `QuarryError` of the kind that becomes 502 or 504.
@Suite("OpenAIGenerator", .serialized)
struct OpenAIGeneratorTests {
    static let context = [
        ContextPassage(RetrievedChunk(
            chunkID: 5, document: "paris.txt", title: nil, byteStart: 0, byteEnd: 33,
            text: "The Eiffel Tower stands in Paris.", tokens: 8, score: 1, rank: 1
        )),
    ]

    /// Counts requests, so the flaky route fails the first two.
    actor Counter {
        var value = 0
        func next() -> Int {
            value += 1
            return value
        }
    }

    static func sse(_ pieces: [String]) -> Response {
        var body = ""
        for piece in pieces {
            let json = try! JSONSerialization.data(withJSONObject: ["choices": [["index": 0, "delta": ["content": piece]]]])
            body += "data: \(String(decoding: json, as: UTF8.self))\n\n"
        }
        body += "data: [DONE]\n\n"
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func app(seen: Counter) -> some ApplicationProtocol {
        let router = Router()
        router.post("/ok/v1/chat/completions") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer sk-test" else { return Response(status: .unauthorized) }
            return sse(["It stands", " in Paris", " [1]."])
        }
        router.post("/json/v1/chat/completions") { _, _ -> Response in
            let body = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Paris [1]."},"finish_reason":"stop"}]}"#
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.post("/flaky/v1/chat/completions") { _, _ -> Response in
            await seen.next() <= 2 ? Response(status: .serviceUnavailable) : sse(["Paris [1]."])
        }
        router.post("/refuse/v1/chat/completions") { _, _ -> Response in
            Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"invalid api key"}}"#)))
        }
        router.post("/garbage/v1/chat/completions") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/html"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "<html>hello</html>")))
        }
        router.post("/slow/v1/chat/completions") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return sse(["late"])
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func generator(_ port: Int, _ route: String, timeout: TimeInterval = 10) -> OpenAIGenerator {
        OpenAIGenerator(endpoint: OpenAIEndpoint(
            baseURL: URL(string: "http://127.0.0.1:\(port)/\(route)/v1")!, model: "stand-in", apiKey: "sk-test",
            timeout: timeout, retries: 2, backoff: 0.05
        ))
    }

    static func run(_ generator: OpenAIGenerator) async throws -> (pieces: [String], answer: GeneratedAnswer?) {
        var pieces: [String] = []
        var answer: GeneratedAnswer?
        for try await event in generator.generate(question: "Where is the tower?", context: context) {
            switch event {
            case .text(let text): pieces.append(text)
            case .finished(let finished): answer = finished
            }
        }
        return (pieces, answer)
    }

    static func expectFailure(_ generator: OpenAIGenerator, kind: QuarryError.Kind, saying words: String) async {
        await #expect {
            _ = try await run(generator)
        } throws: { error in
            let failure = QuarryError(error)
            return failure.kind == kind && failure.message.contains(words)
        }
    }

    @Test func aStreamedAnswerArrivesInPiecesWithItsCitation() async throws {
        try await Self.app(seen: Counter()).test(.live) { client in
            let (pieces, answer) = try await Self.run(Self.generator(try #require(client.port), "ok"))
            #expect(pieces == ["It stands", " in Paris", " [1]."])
            #expect(answer?.text == "It stands in Paris [1].")
            #expect(answer?.citations.map(\.chunkID) == [5])
            #expect(answer?.citationFlags == [])
        }
    }

    @Test func aPlainJSONAnswerAndRetriedServerErrorsAreUnderstood() async throws {
        try await Self.app(seen: Counter()).test(.live) { client in
            let port = try #require(client.port)
            #expect(try await Self.run(Self.generator(port, "json")).answer?.text == "Paris [1].")
            // Two 503s, then an answer: within the two retries.
            #expect(try await Self.run(Self.generator(port, "flaky")).answer?.text == "Paris [1].")
        }
    }

    @Test func aRefusalGarbageOrADeadServerIsA502AndSlownessA504() async throws {
        try await Self.app(seen: Counter()).test(.live) { client in
            let port = try #require(client.port)
            await Self.expectFailure(Self.generator(port, "refuse"), kind: .upstream, saying: "invalid api key")
            await Self.expectFailure(Self.generator(port, "garbage"), kind: .upstream, saying: "not answer with an OpenAI chat completion")
            await Self.expectFailure(Self.generator(port, "slow", timeout: 0.5), kind: .upstreamTimeout, saying: "did not answer within")
        }
        // Nothing listens on port 9 (discard) on a test machine: connection refused.
        await Self.expectFailure(Self.generator(9, "none"), kind: .upstream, saying: "cannot reach")
    }
}
