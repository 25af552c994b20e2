import Foundation
import Hummingbird
import QuarryCore

/// The one server-sent-event framing both streamed routes use (`/v1/query` with named
/// events, `/v1/chat/completions` with OpenAI's unnamed `data:` lines): a response with
/// the event-stream headers whose body a handler fills through ``Writer``, and a failure
/// after the status went out written as one last `{"error":{"message","type"}}` event.
enum ServerSentEvents {
    /// Writes JSON events to one response body, with one encoder for the whole stream.
    struct Writer {
        private let encoder: JSONEncoder
        private var output: any ResponseBodyWriter

        init(_ output: any ResponseBodyWriter) {
            self.output = output
            encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
        }

        /// `event: NAME` (when named) and `data: JSON`, then the blank line that ends an event.
        mutating func send(_ value: some Encodable, event name: String? = nil) async throws {
            let json = String(decoding: try encoder.encode(value), as: UTF8.self)
            let head = name.map { "event: \($0)\n" } ?? ""
            try await output.write(ByteBuffer(string: head + "data: " + json + "\n\n"))
        }

        /// A `data:` line that is not JSON (OpenAI's closing `[DONE]`).
        mutating func send(raw data: String) async throws {
            try await output.write(ByteBuffer(string: "data: \(data)\n\n"))
        }

        mutating func finish() async throws {
            try await output.finish(nil)
        }
    }

    /// The body of the `error` event: what went wrong and its kind.
    struct Failure: Encodable {
        struct Detail: Encodable {
            var message: String
            var type: String
        }
        var error: Detail

        init(_ error: any Error) {
            let failure = QuarryError(error)
            self.error = Detail(message: failure.message, type: failure.kind.rawValue)
        }
    }

    /// A 200 event stream: `body` writes the events; an error it throws (other than the
    /// client going away) becomes a last `error` event (named `errorEvent`, when given),
    /// then `closing` (OpenAI's `[DONE]`) and the end of the body.
    static func response(
        errorEvent: String? = nil, closing: String? = nil,
        _ body: @escaping @Sendable (inout Writer) async throws -> Void
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { output in
            var writer = Writer(output)
            do {
                try await body(&writer)
            } catch let error where !(error is CancellationError) {
                try await writer.send(Failure(error), event: errorEvent)
            }
            if let closing { try await writer.send(raw: closing) }
            try await writer.finish()
        })
    }
}
