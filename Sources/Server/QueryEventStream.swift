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
        ServerSentEvents.response(errorEvent: "error") { writer in
            for try await event in events {
                try await send(event, to: &writer)
            }
        }
    }

    private static func send(_ event: QueryEvent, to writer: inout ServerSentEvents.Writer) async throws {
        switch event {
        case .retrieved(let retrieval):
            try await writer.send(Retrieved(generation: retrieval.generation, chunks: retrieval.chunks), event: "retrieved")
        case .selected(let chunks, let tokens):
            try await writer.send(Selected(chunkIDs: chunks.map(\.chunkID), tokens: tokens), event: "selected")
        case .context(let passages):
            let context = Context(
                passages: passages.map { .init(chunkID: $0.chunk.chunkID, tokens: $0.tokens, text: $0.text) },
                tokens: passages.reduce(0) { $0 + $1.tokens }
            )
            try await writer.send(context, event: "context")
        case .text(let text):
            try await writer.send(Token(text: text), event: "token")
        case .finished(let result):
            try await writer.send(result, event: "done")
        }
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
}
