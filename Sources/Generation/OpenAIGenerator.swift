import Foundation
import OpenAIHTTP
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
        CitedAnswerStream.make(settings: settings, question: question, context: context) { prompt, writer in
            answer: for try await event in client.stream(prompt.messages, settings: settings) {
                switch event {
                case .text(let piece):
                    writer.write(piece)
                    if writer.stopped { break answer }
                case .finished(let reason):
                    // The server's max_tokens cut it, as LocalGenerator's token limit does.
                    writer.truncated = reason == "length"
                }
            }
            try Task.checkCancellation()
        }
    }
}
