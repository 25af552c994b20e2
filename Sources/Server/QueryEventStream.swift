import Foundation
import Hummingbird
import QuarryCore

/// `POST /v1/query` with `"stream": true`: the pipeline's events as server-sent
/// events, each written as soon as the stage produces it:
///
///     event: retrieved   data: {"generation", "chunks":[…]}
///     event: selected    data: {"chunk_ids":[…], "tokens"}
///     event: context     data: {"passages":[{"chunk_id","tokens","text"}], "tokens"}
///     event: token       data: {"text"}
///     event: done        data: the whole QueryResult, as without streaming
///     event: error       data: {"error":{"message","type"}} (then the stream ends)
///
/// When the client goes away the write fails, the loop ends, and the pipeline's
/// stream cancels its stages.
enum QueryEventStream {
    static func response(for events: AsyncThrowingStream<QueryEvent, any Error>) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            do {
                for try await event in events {
                    try await writer.write(encode(event))
                }
            } catch let error where !(error is CancellationError) {
                let failure = QuarryError(error)
                let body = ErrorBody(error: .init(message: failure.message, type: failure.kind.rawValue))
                try await writer.write(frame("error", body))
            }
            try await writer.finish(nil)
        })
    }

    private static func encode(_ event: QueryEvent) throws -> ByteBuffer {
        switch event {
        case .retrieved(let retrieval):
            return try frame("retrieved", Retrieved(generation: retrieval.generation, chunks: retrieval.chunks))
        case .selected(let chunks, let tokens):
            return try frame("selected", Selected(chunkIDs: chunks.map(\.chunkID), tokens: tokens))
        case .context(let passages):
            return try frame("context", Context(
                passages: passages.map { .init(chunkID: $0.chunk.chunkID, tokens: $0.tokens, text: $0.text) },
                tokens: passages.reduce(0) { $0 + $1.tokens }
            ))
        case .text(let text):
            return try frame("token", Token(text: text))
        case .finished(let result):
            return try frame("done", result)
        }
    }

    private static func frame(_ name: String, _ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        return ByteBuffer(string: "event: \(name)\ndata: \(json)\n\n")
    }

    private struct Retrieved: Encodable {
        var generation: Int64
        var chunks: [RetrievedChunk]
    }

    /// The text handed to the generator (compressed, when a compressor ran).
    private struct Context: Encodable {
        struct Passage: Encodable {
            var chunkID: Int64
            var tokens: Int
            var text: String

            enum CodingKeys: String, CodingKey {
                case chunkID = "chunk_id", tokens, text
            }
        }

        var passages: [Passage]
        var tokens: Int
    }

    private struct Selected: Encodable {
        var chunkIDs: [Int64]
        var tokens: Int
        enum CodingKeys: String, CodingKey { case chunkIDs = "chunk_ids", tokens }
    }

    private struct Token: Encodable {
        var text: String
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var message: String
            var type: String
        }
        var error: Detail
    }
}
