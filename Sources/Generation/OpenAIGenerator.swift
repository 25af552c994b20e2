import Foundation
import QuarryCore

/// Answers with any OpenAI-compatible chat server (llama.cpp's server, Ollama, vLLM,
/// hosted APIs): the same numbered-sources prompt as ``LocalGenerator``, streamed
/// back as the server writes, citations mapped to the sources' documents and bytes.
/// Stop sequences are applied here as well as sent, so a server that ignores `stop`
/// still stops.
public struct OpenAIGenerator: ConfigurableGenerator {
    public let client: OpenAIChatClient
    public let settings: GenerationSettings
    public var name: String { "openai:" + client.endpoint.model }

    public init(endpoint: OpenAIEndpoint, settings: GenerationSettings = GenerationSettings()) {
        client = OpenAIChatClient(endpoint: endpoint)
        self.settings = settings
    }

    public func with(_ settings: GenerationSettings) -> OpenAIGenerator {
        OpenAIGenerator(endpoint: client.endpoint, settings: settings)
    }

    public func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try settings.validate()
                    let prompt = CitationPrompt(question: question, context: context, order: settings.sourceOrder)
                    var filter = StopSequenceFilter(stopSequences: settings.stopSequences)
                    var answer = ""
                    func emit(_ text: String) {
                        guard !text.isEmpty else { return }
                        answer += text
                        continuation.yield(.text(text))
                    }
                    for try await piece in client.stream(prompt.messages, settings: settings) {
                        emit(filter.feed(piece))
                        if filter.stopped { break }
                    }
                    try Task.checkCancellation()
                    emit(filter.flush())
                    let trimmed = answer.trimmingCharacters(in: .whitespacesAndNewlines)
                    continuation.yield(.finished(CitationParser.answer(trimmed, sources: prompt.sources)))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
