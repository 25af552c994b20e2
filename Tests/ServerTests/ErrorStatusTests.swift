import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import QuarryCore
import Selection
import Server
import Testing

/// What a client sees when a stage fails with each kind of ``QuarryError``: the status
/// written out here (not read back from `Kind.httpStatus`), the message in the body,
/// and `Retry-After` when the error has one. Replaces a test that restated the kind →
/// status table against itself.
@Suite("Error statuses over HTTP")
struct ErrorStatusTests {
    static let expected: [(QuarryError.Kind, HTTPResponse.Status)] = [
        (.invalidInput, .badRequest), (.notFound, .notFound), (.conflict, .conflict),
        (.tooLarge, .contentTooLarge), (.unsupportedMediaType, .unsupportedMediaType),
        (.unavailable, .serviceUnavailable), (.upstream, .badGateway), (.upstreamTimeout, .gatewayTimeout),
        (.internal, .internalServerError),
    ]

    /// Guards the mapping a client relies on: a generator failing with each kind makes
    /// `/v1/query` answer that kind's status with the message, and only the errors that
    /// carry `retryAfter` send `Retry-After`.
    @Test func eachKindReachesTheClientAsItsStatus() async throws {
        #expect(Set(Self.expected.map(\.0.rawValue)) == Set(QuarryError.Kind.allCases.map(\.rawValue)))
        let index = try await ManualIndex.open()
        for (kind, status) in Self.expected {
            for retryAfter in [nil, 7] {
                let failure = QuarryError(kind, "failed as \(kind.rawValue)", retryAfter: retryAfter)
                let pipeline = QueryPipeline(
                    retriever: index.retriever, selector: GreedySelector(), generator: FailingGenerator(failure: failure)
                )
                let source = FixedPipeline(index: index, fixed: pipeline)
                let app = Application(router: await QuarryServer.makeRouter(factory: source))
                try await app.postQuery(#"{"question": "What does VACUUM reclaim?"}"#) { response in
                    #expect(response.status == status, "\(kind)")
                    #expect(String(buffer: response.body).contains("failed as \(kind.rawValue)"), "\(kind)")
                    #expect(response.headers[.retryAfter] == retryAfter.map(String.init), "\(kind)")
                }
            }
        }
    }
}

/// Fails with `failure` before writing anything.
private struct FailingGenerator: Generator {
    let name = "failing"
    let failure: QuarryError

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: failure) }
    }
}
