/// Measures text in tokens, the unit chunk sizes and context budgets are given in.
public protocol TokenCounter: Sendable {
    /// The number of tokens `text` would take.
    func count(_ text: Substring) -> Int
}
