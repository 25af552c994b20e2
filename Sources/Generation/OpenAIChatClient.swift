import Foundation
import Models
import OpenAIHTTP
import QuarryCore

/// Streams a chat completion from an OpenAI-compatible server (`POST
/// {base}/chat/completions` with `"stream": true`): the answer's text pieces as the
/// server sends them, then why it ended (`finish_reason`). A server that answers with
/// one JSON document instead of events is understood too.
///
/// The HTTP side is ``OpenAIHTTPClient``'s: failing to connect, 429 and 5xx are retried
/// with back-off (honouring `Retry-After`), here only before any text has arrived; after
/// that a failure ends the stream. Every failure is a `QuarryError`: `.upstreamTimeout`
/// (504) when the server does not answer within the timeout, `.upstream` (502) when it is
/// down, refuses, or answers something that is not an OpenAI chat completion; the message
/// names the URL, what it said and what to do.
public struct OpenAIChatClient: Sendable {
    public let endpoint: OpenAIEndpoint
    private let http: OpenAIHTTPClient
    /// The most bytes of a non-streamed answer read.
    static let maxBodyBytes = 4 << 20

    public init(endpoint: OpenAIEndpoint) {
        self.endpoint = endpoint
        http = OpenAIHTTPClient(endpoint: endpoint)
    }

    /// What a chat completion stream carries.
    public enum Event: Sendable, Equatable {
        /// A piece of the answer's text.
        case text(String)
        /// The server's `finish_reason`: `"stop"`, or `"length"` when `max_tokens` cut the answer.
        case finished(reason: String)
    }

    /// The answer to `messages`, in pieces, then its ``Event/finished(reason:)``.
    public func stream(
        _ messages: [ChatMessage], settings: GenerationSettings
    ) -> AsyncThrowingStream<Event, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await run(try requestBody(messages, settings: settings)) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func requestBody(_ messages: [ChatMessage], settings: GenerationSettings) throws -> Data {
        let body = RequestBody(
            model: endpoint.model, messages: messages.map { .init(role: $0.role, content: $0.content) },
            stream: true, maxTokens: settings.maxTokens, temperature: settings.temperature, topP: settings.topP,
            stop: settings.stopSequences.isEmpty ? nil : settings.stopSequences, seed: settings.seed
        )
        return try JSONEncoder().encode(body)
    }

    private func run(_ body: Data, emit: (Event) -> Void) async throws {
        try await http.post(
            "chat/completions", json: body, accept: "text/event-stream, application/json", bodyLimit: Self.maxBodyBytes
        ) { response in
            if response.isEventStream {
                try await readEvents(response, emit: emit)
            } else {
                let data = try await response.body()
                guard let completion = try? JSONDecoder().decode(Completion.self, from: data),
                    let choice = completion.choices.first, let content = choice.message?.content
                else {
                    throw QuarryError(
                        .upstream,
                        "\(response.url) did not answer with an OpenAI chat completion: \(OpenAIFailure.preview(data))"
                    )
                }
                emit(.text(content))
                emit(.finished(reason: choice.finishReason ?? "stop"))
            }
        }
    }

    /// Emits the text of a server-sent-event answer; a broken connection is retried only
    /// while no text has been passed on. A stream that ends with no `finish_reason` was
    /// cut off, not answered: retried too while no text has been passed on, an error
    /// after that, never a silently short or empty answer.
    private func readEvents(_ response: OpenAIResponse, emit: (Event) -> Void) async throws {
        var parser = ServerSentEventParser()
        var state = StreamState()
        do {
            var done = false
            while !done, let piece = try await response.nextPiece() {
                let events: [String]
                do {
                    events = try parser.feed(piece)
                } catch {
                    throw QuarryError(.upstream, "\(response.url) sent an event line longer than "
                        + "\(ServerSentEventParser.maxLineBytes) bytes; is it an OpenAI-compatible server?")
                }
                for event in events where !done {
                    done = try handle(event: event, url: response.url, state: &state, emit: emit)
                }
            }
            // A stream that ends without [DONE] still carried the answer; accept it.
            if !done, let last = parser.finish() {
                _ = try handle(event: last, url: response.url, state: &state, emit: emit)
            }
            guard let reason = state.finishReason else { throw Self.cutOff(response.url, after: state.emittedText) }
            emit(.finished(reason: reason))
        } catch let failure as OpenAIRetryable where state.emittedText {
            throw failure.error
        }
    }

    /// The error for a stream that ended without a `finish_reason`: cut off, not answered
    /// (llama_cpp.server ends a streaming answer that way when another request arrives).
    /// Retryable while no text has been passed on.
    private static func cutOff(_ url: String, after text: Bool) -> any Error {
        let error = QuarryError(
            .upstream,
            "\(url) ended its answer \(text ? "part-way" : "with no text") and no finish_reason: it was cut off "
                + "(llama_cpp.server drops a streaming answer when another request arrives; start it with "
                + "--interrupt_requests False or send one request at a time)"
        )
        return text ? error : OpenAIRetryable(error: error)
    }

    /// What a streamed answer has carried so far.
    private struct StreamState {
        /// Some text was passed on, so a retry would repeat it.
        var emittedText = false
        /// Why the answer ended, once a chunk said so (`finish_reason`).
        var finishReason: String?
    }

    /// Handles one event's data; true at the end of the stream (`[DONE]`).
    private func handle(event: String, url: String, state: inout StreamState, emit: (Event) -> Void) throws -> Bool {
        if event.trimmingCharacters(in: .whitespaces) == "[DONE]" { return true }
        let data = Data(event.utf8)
        if let error = try? JSONDecoder().decode(ErrorBody.self, from: data) {
            throw QuarryError(.upstream, "\(url) failed while answering: \(error.error.message)")
        }
        guard let chunk = try? JSONDecoder().decode(Completion.self, from: data) else {
            throw QuarryError(
                .upstream,
                "\(url) sent an event that is not an OpenAI chat completion chunk: \(OpenAIFailure.preview(data))"
            )
        }
        let choice = chunk.choices.first
        if let reason = choice?.finishReason { state.finishReason = reason }
        if let content = choice?.delta?.content ?? choice?.message?.content, !content.isEmpty {
            emit(.text(content))
            state.emittedText = true
        }
        return false
    }

    private struct RequestBody: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }
        var model: String
        var messages: [Message]
        var stream: Bool
        var maxTokens: Int
        var temperature: Float
        var topP: Float
        var stop: [String]?
        var seed: UInt64

        enum CodingKeys: String, CodingKey {
            case model, messages, stream, temperature, stop, seed
            case maxTokens = "max_tokens", topP = "top_p"
        }
    }

    private struct Completion: Decodable {
        struct Choice: Decodable {
            struct Content: Decodable { var content: String? }
            var delta: Content?
            var message: Content?
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case delta, message
                case finishReason = "finish_reason"
            }
        }
        var choices: [Choice]
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable { var message: String }
        var error: Detail
    }
}
