import Foundation
import Generation
import Hummingbird
import Pipeline
import QuarryCore

/// `POST /v1/chat/completions`: OpenAI's chat API over Quarry's pipeline, answering the
/// last user message from the index. With `"stream": true` the answer streams as
/// server-sent `chat.completion.chunk` events ending with `data: [DONE]`.
///
/// A streamed request is answered with its status only once the answer's first text
/// (or the whole answer) is there, so a bad request is a 400, a backend that is down a
/// 502 and one that does not answer a 504, as without streaming. A failure after the
/// first text ends the stream with an `{"error":…}` event, which OpenAI's clients raise.
enum ChatCompletionsEndpoint {
    /// The model name of a generator: `quarry:local` and so on.
    static func modelName(_ generator: GeneratorKind) -> String { "quarry:" + generator.rawValue }

    /// The models `/v1/models` lists: the default generator first, and the extractive one, which needs no model.
    static func models(defaults: StageChoice) -> [String] {
        [defaults.generator, .extractive].filter { $0 != .none }.reduce(into: [String]()) { names, kind in
            if !names.contains(modelName(kind)) { names.append(modelName(kind)) }
        }
    }

    /// The generator a request's `model` names (`quarry:local`), else the default; any
    /// other model name (clients often send one) gets the default.
    static func generator(for model: String?, defaults: StageChoice) throws -> GeneratorKind {
        let named = model.flatMap { $0.hasPrefix("quarry:") ? GeneratorKind(rawValue: String($0.dropFirst(7))) : nil }
        let kind = named ?? defaults.generator
        guard kind != .none else {
            throw QuarryError.invalidInput(
                "chat completions need a generator; name one as model, e.g. \"quarry:extractive\""
            )
        }
        return kind
    }

    /// Answers `body`; `paths` shows document paths as `/v1/query` does and `metrics`
    /// counts the query's stage times.
    static func handle(
        _ body: ChatCompletionRequest, factory: any QueryPipelineSource, defaults: StageChoice,
        paths: DocumentPathDisplay, metrics: ServerMetrics
    ) async throws -> Response {
        let question = try body.question()
        let options = body.options
        try options.validate()
        var stages = body.stageFields.stages(over: defaults)
        stages.generator = try generator(for: body.model, defaults: stages)
        let configured = try configure(try factory.pipeline(stages), for: body)
        let id = ChatCompletion.newID()
        let model = modelName(stages.generator)
        guard body.stream == true else {
            let result = try await configured.answer(question, options: options)
            metrics.query(result.timingsMs)
            return try json(ChatCompletion.completion(id: id, model: model, result: paths.show(result)))
        }
        let events = EventCursor(configured.run(question, options: options))
        // Wait for the first text before choosing the status.
        let first = try await events.nextAnswerEvent()
        return ServerSentEvents.response(closing: "[DONE]") { writer in
            try await writer.send(ChatCompletion.chunk(id: id, model: model, text: "", role: "assistant"))
            var event = first
            while let current = event {
                switch current {
                case .text(let text):
                    try await writer.send(ChatCompletion.chunk(id: id, model: model, text: text))
                case .finished(let result):
                    metrics.query(result.timingsMs)
                    try await writer.send(ChatCompletion.chunk(id: id, model: model, result: paths.show(result)))
                case .retrieved, .selected, .context:
                    break
                }
                event = try await events.nextAnswerEvent()
            }
        }
    }

    /// `pipeline` with its generator's settings changed as `body` asks (`max_tokens`,
    /// `temperature`, `top_p`, `stop`), all checked even for a generator without them.
    static func configure(_ pipeline: QueryPipeline, for body: ChatCompletionRequest) throws -> QueryPipeline {
        guard let generator = pipeline.generator.flatMap({ $0 as? any ConfigurableGenerator }) else {
            _ = try body.settings(over: GenerationSettings())
            return pipeline
        }
        let settings = try body.settings(over: generator.settings)
        guard settings != generator.settings else { return pipeline }
        return pipeline.replacing(generator: generator.with(settings))
    }

    private static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        let body = ByteBuffer(data: try encoder.encode(value))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}

/// Reads a pipeline's events from one place across the handler and the response body
/// (the body's writer runs later, in another task).
private final class EventCursor: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<QueryEvent, any Error>.AsyncIterator

    init(_ events: AsyncThrowingStream<QueryEvent, any Error>) {
        iterator = events.makeAsyncIterator()
    }

    /// The next `text` or `finished` event, skipping the stages' progress; nil at the end.
    func nextAnswerEvent() async throws -> QueryEvent? {
        while let event = try await iterator.next() {
            switch event {
            case .text, .finished: return event
            case .retrieved, .selected, .context: continue
            }
        }
        return nil
    }
}
