import QuarryCore

/// The order the selected passages are numbered and placed in the prompt.
///
/// Small models attend most to the start and the end of their context ("lost in the
/// middle", Liu et al. 2023), so besides the selector's own order (best first) the
/// strongest passages can go at both ends, the weakest in the middle.
public enum SourceOrder: String, Sendable, CaseIterable {
    /// As the selector handed them on: the most relevant first.
    case relevanceFirst = "relevance-first"
    /// Best first, second best last, third second, fourth second to last, …
    case bothEnds = "both-ends"

    /// `passages` (best first) in this order.
    public func arrange(_ passages: [ContextPassage]) -> [ContextPassage] {
        switch self {
        case .relevanceFirst:
            return passages
        case .bothEnds:
            var front: [ContextPassage] = []
            var back: [ContextPassage] = []
            for (rank, passage) in passages.enumerated() {
                if rank.isMultiple(of: 2) { front.append(passage) } else { back.append(passage) }
            }
            return front + back.reversed()
        }
    }
}
