/// One turn of a conversation.
public struct ChatMessage: Sendable, Equatable {
    /// `system`, `user` or `assistant`.
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// The model's chat template (`tokenizer.chat_template` in GGUF). Quarry renders the
/// ChatML family (`<|im_start|>role\n…<|im_end|>\n`), including a default system turn
/// when the template inserts one, as SmolLM2's does.
public struct ChatTemplate: Sendable {
    /// The Jinja source stored in the model, when there is one.
    public let source: String?
    /// The system message the template adds when the conversation has none.
    public let defaultSystemMessage: String?

    /// Reads the template of `gguf`.
    public init(gguf: GGUFFile) {
        self.init(source: gguf.metadata["tokenizer.chat_template"]?.string)
    }

    /// Wraps a Jinja template source.
    public init(source: String?) {
        self.source = source
        defaultSystemMessage = source.flatMap { Self.defaultSystem(in: $0) }
    }

    /// The prompt text for `messages`, ending with the assistant's opening when
    /// `addGenerationPrompt`; tokenize it with special tokens parsed.
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool = true) throws -> String {
        if let source, !source.contains("<|im_start|>") {
            throw ModelError("the model's chat template is not ChatML, which is the only family Quarry renders; use a ChatML model or pass a raw prompt without --chat")
        }
        var text = ""
        if let system = defaultSystemMessage, messages.first?.role != "system" {
            text += "<|im_start|>system\n\(system)<|im_end|>\n"
        }
        for message in messages { text += "<|im_start|>\(message.role)\n\(message.content)<|im_end|>\n" }
        if addGenerationPrompt { text += "<|im_start|>assistant\n" }
        return text
    }

    /// The literal system text in `'<|im_start|>system\n…<|im_end|>` of a template.
    private static func defaultSystem(in source: String) -> String? {
        guard let start = source.range(of: "<|im_start|>system\n") ?? source.range(of: "<|im_start|>system\\n"),
            let end = source.range(of: "<|im_end|>", range: start.upperBound..<source.endIndex)
        else { return nil }
        let text = String(source[start.upperBound..<end.lowerBound])
        return text.contains("{") || text.contains("'") ? nil : text
    }
}
