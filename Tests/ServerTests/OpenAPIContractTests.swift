import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import QuarryCore
import Selection
import Server
import Testing

/// Every kind of response the server encodes — each route's answer, plain and streamed,
/// its errors, and a stream that fails midway — validated against the OpenAPI document it
/// serves at `/openapi.json`, whose response schemas list every field
/// (`additionalProperties: false`): a field added to a response and not to the document,
/// or documented and not sent, fails here.
@Suite("OpenAPI contract")
struct OpenAPIContractTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    /// Sends `requests` through `application`'s router and returns every contract problem.
    func problems(
        _ application: some ApplicationProtocol, _ requests: [ContractRequest]
    ) async throws -> [String] {
        try await application.test(.router) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { response in
                try JSONValue(parsing: response.body.readableBytesView)
            }
            let check = ContractCheck(document: document)
            var problems: [String] = []
            for request in requests {
                var headers: HTTPFields = [:]
                headers[.contentType] = request.contentType
                problems += try await client.execute(
                    uri: request.uri, method: request.method, headers: headers,
                    body: request.body.map { ByteBuffer(string: $0) }
                ) { response in
                    #expect(response.status.code == request.status, "\(request.uri): \(response.status)")
                    return check.problems(response, request.method.rawValue.lowercased(), request.path)
                }
            }
            return problems
        }
    }

    /// Guards: the answers and errors of every route match the document.
    @Test func everyRouteAnswersAsDocumented() async throws {
        let query = #"{"question": "What does VACUUM reclaim?", "generator": "extractive", "compression": "off""#
        let chat = #"{"model": "quarry:extractive", "messages": [{"role": "user", "content": "What is VACUUM?"}]"#
        let requests: [ContractRequest] = [
            .init(.post, "/v1/query", query + "}"),
            .init(.post, "/v1/query", query + #", "stream": true}"#),
            .init(.post, "/v1/query", #"{"question": "VACUUM", "retriever": "bm25", "generator": "none"}"#),
            .init(.post, "/v1/query", #"{"question": "VACUUM", "retriever": "dense"}"#, status: 400),
            .init(.post, "/v1/query", #"{"question": "VACUUM", "top_k": 2.5}"#, status: 400),
            .init(.post, "/v1/query", "question", contentType: "text/plain", status: 415),
            .init(.post, "/v1/chat/completions", chat + "}"),
            .init(.post, "/v1/chat/completions", chat + #", "stream": true}"#),
            .init(.post, "/v1/chat/completions", #"{"messages": []}"#, status: 400),
            .init(.get, "/v1/models"),
            .init(.post, "/v1/embeddings", #"{"input": "text"}"#, status: 404),
            .init(.post, "/v1/documents", #"{"id": "wal", "text": "The WAL records every change first."}"#, status: 201),
            .init(.delete, "/v1/documents/wal", path: "/v1/documents/{id}", status: 204),
            .init(.delete, "/v1/documents/wal", path: "/v1/documents/{id}", status: 404),
            .init(.get, "/healthz"),
            .init(.get, "/readyz"),
            .init(.get, "/metrics"),
        ]
        let problems = try await problems(fixture.application(), requests)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Guards the error event both streams end with when the answer fails after the
    /// status went out.
    @Test func aStreamThatFailsMidwayEndsWithADocumentedError() async throws {
        let pipeline = QueryPipeline(retriever: fixture.index.retriever, selector: GreedySelector(), generator: FailingGenerator())
        let application = Application(
            router: await QuarryServer.makeRouter(factory: FixedPipeline(index: fixture.index, fixed: pipeline))
        )
        let chat = #"{"messages": [{"role": "user", "content": "VACUUM"}], "stream": true}"#
        let problems = try await problems(application, [
            .init(.post, "/v1/query", #"{"question": "VACUUM", "stream": true}"#),
            .init(.post, "/v1/chat/completions", chat),
        ])
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Guards the check itself: an undocumented field, a missing required one and a
    /// wrong type are each reported.
    @Test func anUndocumentedOrMissingFieldIsCaught() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Server/openapi.json")
        let document = try JSONValue(parsing: try Data(contentsOf: file))
        let validator = OpenAPISchemaValidator(document: document)
        let schema = JSONValue.object(["$ref": .string("#/components/schemas/Citation")])
        let citation = #"{"document": "a.txt", "chunk_id": 1, "byte_start": 0, "byte_end": 4, "#
        #expect(validator.problems(try JSONValue(parsing: Data((citation + #""text": "abcd"}"#).utf8)), schema).isEmpty)
        let extra = try JSONValue(parsing: Data((citation + #""text": "abcd", "page": 2}"#).utf8))
        #expect(validator.problems(extra, schema) == ["$: `page` is not in the schema"])
        let missing = try JSONValue(parsing: Data(#"{"document": "a.txt", "chunk_id": 1, "byte_start": 0}"#.utf8))
        #expect(validator.problems(missing, schema) == ["$: lacks required `byte_end`", "$: lacks required `text`"])
        let wrongType = try JSONValue(parsing: Data((citation + #""text": 5}"#).utf8))
        #expect(validator.problems(wrongType, schema) == ["$.text: integer(5) is not of type string"])
    }
}

/// One request of a contract test and the status it must get.
struct ContractRequest {
    var method: HTTPRequest.Method
    var uri: String
    /// The route as the document spells it (`/v1/documents/{id}`).
    var path: String
    var body: String?
    var contentType: String
    var status: Int

    init(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, path: String? = nil,
        contentType: String = "application/json", status: Int = 200
    ) {
        self.method = method
        self.uri = uri
        self.path = path ?? uri
        self.body = body
        self.contentType = contentType
        self.status = status
    }
}

/// Writes one piece of an answer, then fails.
private struct FailingGenerator: Generator {
    let name = "failing"

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            continuation.yield(.text("VACUUM "))
            continuation.finish(throwing: QuarryError(.upstream, "the backend went away"))
        }
    }
}
