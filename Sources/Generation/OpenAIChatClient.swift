import Foundation
import Models
import QuarryCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Streams a chat completion from an OpenAI-compatible server (`POST
/// {base}/chat/completions` with `"stream": true`): the answer's text pieces as the
/// server sends them. A server that answers with one JSON document instead of events
/// is understood too.
///
/// Failing to connect, 429 and 5xx are retried with exponential back-off before any
/// text has arrived; after that a failure ends the stream. Every failure is a
/// `QuarryError`: `.upstreamTimeout` (504) when the server does not answer within the
/// timeout, `.upstream` (502) when it is down, refuses, or answers something that is
/// not an OpenAI chat completion; the message names the URL and what it said.
public struct OpenAIChatClient: Sendable {
    public let endpoint: OpenAIEndpoint
    /// The most bytes of a non-streamed answer or an error body read.
    static let maxBodyBytes = 4 << 20

    public init(endpoint: OpenAIEndpoint) {
        self.endpoint = endpoint
    }

    /// The answer to `messages`, in pieces.
    public func stream(_ messages: [ChatMessage], settings: GenerationSettings) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await run(try makeRequest(messages, settings: settings)) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func makeRequest(_ messages: [ChatMessage], settings: GenerationSettings) throws -> URLRequest {
        var request = URLRequest(url: endpoint.url("chat/completions"), timeoutInterval: endpoint.timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("text/event-stream, application/json", forHTTPHeaderField: "Accept")
        if let key = endpoint.apiKey, !key.isEmpty { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        let body = RequestBody(
            model: endpoint.model, messages: messages.map { .init(role: $0.role, content: $0.content) },
            stream: true, maxTokens: settings.maxTokens, temperature: settings.temperature, topP: settings.topP,
            stop: settings.stopSequences.isEmpty ? nil : settings.stopSequences, seed: settings.seed
        )
        request.httpBody = try JSONEncoder().encode(body)
        return request
    }

    private func run(_ request: URLRequest, emit: (String) -> Void) async throws {
        let url = request.url!.absoluteString
        var attempt = 0
        while true {
            do {
                try await attemptOnce(request, url: url, emit: emit)
                return
            } catch let failure as Retryable {
                guard attempt < endpoint.retries else { throw failure.error }
                attempt += 1
                try await Task.sleep(for: .seconds(endpoint.backoff * Double(1 << (attempt - 1))))
            }
        }
    }

    /// One request. Throws `Retryable` for failures worth another try (nothing was streamed yet).
    private func attemptOnce(_ request: URLRequest, url: String, emit: (String) -> Void) async throws {
        var status = 0
        var contentType = ""
        var body = Data()
        var parser = ServerSentEventParser()
        var streamed = false
        do {
            for try await part in HTTPByteStream.open(request, timeout: endpoint.timeout) {
                switch part {
                case .head(let code, let type):
                    status = code
                    contentType = type.lowercased()
                case .body(let data):
                    if status == 200 && contentType.contains("text/event-stream") {
                        for event in try parser.feed(data) {
                            if try handle(event: event, url: url, emit: emit) { return }
                            streamed = true
                        }
                    } else {
                        body.append(data)
                        guard body.count <= Self.maxBodyBytes else {
                            throw QuarryError(.upstream, "\(url) answered more than \(Self.maxBodyBytes) bytes; is it an OpenAI-compatible server?")
                        }
                    }
                }
            }
        } catch let error as QuarryError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try Task.checkCancellation()
            let failure = Self.transportFailure(error, url: url, timeout: endpoint.timeout)
            if streamed { throw failure }
            throw Retryable(error: failure)
        }
        if status == 200 && contentType.contains("text/event-stream") {
            if let last = parser.finish(), try handle(event: last, url: url, emit: emit) { return }
            // A stream that ends without [DONE] still carried the answer; accept it.
            return
        }
        guard status == 200 else {
            let failure = QuarryError(.upstream, "\(url) answered HTTP \(status): \(Self.errorMessage(in: body))")
            if status == 429 || (500...599).contains(status) { throw Retryable(error: failure) }
            throw failure
        }
        guard let completion = try? JSONDecoder().decode(Completion.self, from: body),
            let content = completion.choices.first?.message?.content
        else {
            throw QuarryError(.upstream, "\(url) did not answer with an OpenAI chat completion: \(Self.preview(body))")
        }
        emit(content)
    }

    /// Handles one event's data; true at the end of the stream (`[DONE]`).
    private func handle(event: String, url: String, emit: (String) -> Void) throws -> Bool {
        if event.trimmingCharacters(in: .whitespaces) == "[DONE]" { return true }
        let data = Data(event.utf8)
        if let error = try? JSONDecoder().decode(ErrorBody.self, from: data) {
            throw QuarryError(.upstream, "\(url) failed while answering: \(error.error.message)")
        }
        guard let chunk = try? JSONDecoder().decode(Completion.self, from: data) else {
            throw QuarryError(.upstream, "\(url) sent an event that is not an OpenAI chat completion chunk: \(Self.preview(data))")
        }
        if let content = chunk.choices.first?.delta?.content ?? chunk.choices.first?.message?.content, !content.isEmpty {
            emit(content)
        }
        return false
    }

    private static func transportFailure(_ error: any Error, url: String, timeout: TimeInterval) -> QuarryError {
        let code = (error as? URLError)?.code ?? URLError.Code(rawValue: (error as NSError).code)
        if code == .timedOut {
            return QuarryError(.upstreamTimeout, "\(url) did not answer within \(Int(timeout)) s; raise --openai-timeout or check the server")
        }
        return QuarryError(
            .upstream, "cannot reach \(url): \(error.localizedDescription); check the base URL and that the server runs"
        )
    }

    private static func errorMessage(in body: Data) -> String {
        (try? JSONDecoder().decode(ErrorBody.self, from: body))?.error.message ?? preview(body)
    }

    private static func preview(_ data: Data) -> String {
        let text = String(decoding: data.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return text.isEmpty ? "(empty body)" : text
    }

    private struct Retryable: Error {
        var error: QuarryError
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
        }
        var choices: [Choice]
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable { var message: String }
        var error: Detail
    }
}
