import QuarryCore
/// Per-question knobs of the query pipeline.
public struct QueryOptions: Sendable, Equatable {
    /// How many chunks retrieval returns.
    public var topK: Int
    /// The most context tokens handed to the generator.
    public var budget: Int

    public init(topK: Int = 10, budget: Int = 1024) {
        self.topK = topK
        self.budget = budget
    }

    /// Checks the ranges; the message names the option at fault.
    public func validate() throws {
        guard (1...1000).contains(topK) else { throw QuarryError(.invalidInput, "top_k must be between 1 and 1000 (got \(topK))") }
        guard (16...131_072).contains(budget) else {
            throw QuarryError(.invalidInput, "budget must be between 16 and 131072 tokens (got \(budget))")
        }
    }
}
