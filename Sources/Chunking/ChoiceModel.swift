/// A chat model as the margin-sampling chunker needs it: how much more likely one
/// single-token answer is than another.
public protocol ChoiceModel: Sendable {
    /// p(`second`) − p(`first`) for the model's first answer token after `prompt`, sent as
    /// a user message in the model's chat format; `first` and `second` are single tokens.
    func probabilityMargin(prompt: String, first: String, second: String) throws -> Double
}
