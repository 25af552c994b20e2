/// One chosen chunk as results report it: `{"chunk_id", "tokens", "reward_contribution"?}`.
public struct SelectionEntry: Sendable, Codable, Equatable {
    public var chunkID: Int64
    public var tokens: Int
    /// What the chunk adds to the selector's reward; absent for selectors without one.
    public var rewardContribution: Double?

    public init(_ selected: SelectedChunk) {
        chunkID = selected.chunk.chunkID
        tokens = selected.chunk.tokens
        rewardContribution = selected.contribution.map { ($0 * 10_000).rounded() / 10_000 }
    }

    enum CodingKeys: String, CodingKey {
        case chunkID = "chunk_id", tokens
        case rewardContribution = "reward_contribution"
    }
}
