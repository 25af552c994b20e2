/// When segments are merged: a tiered (logarithmic) policy as in Lucene and Tantivy.
///
/// Segments are grouped in tiers by live size: tier 0 up to ``floorSize`` documents,
/// tier t up to ``floorSize`` · ``mergeFactor``^t. As soon as a tier holds
/// ``mergeFactor`` segments they merge into one of the next tier, so each document is
/// rewritten O(log N) times and a steady trickle of one-document writes leaves fewer
/// than ``mergeFactor`` segments per tier. A segment with more than
/// ``deletedShare`` of its documents deleted is rewritten alone, to reclaim them.
public struct MergePolicy: Sendable, Equatable {
    public var mergeFactor: Int
    public var floorSize: Int
    public var deletedShare: Double

    public init(mergeFactor: Int = 10, floorSize: Int = 1_000, deletedShare: Double = 0.25) {
        self.mergeFactor = max(2, mergeFactor)
        self.floorSize = max(1, floorSize)
        self.deletedShare = deletedShare
    }

    /// The indices of the segments (given by size) to merge next; empty for none.
    func choose(sizes: [(documents: Int, deleted: Int)]) -> [Int] {
        var tiers: [Int: [Int]] = [:]
        for (index, size) in sizes.enumerated() { tiers[tier(of: size.documents - size.deleted), default: []].append(index) }
        if let full = tiers.keys.sorted().first(where: { tiers[$0]!.count >= mergeFactor }) {
            return tiers[full]!
        }
        if let worn = sizes.indices.first(where: {
            sizes[$0].deleted > 0 && Double(sizes[$0].deleted) > deletedShare * Double(sizes[$0].documents)
        }) {
            return [worn]
        }
        return []
    }

    private func tier(of documents: Int) -> Int {
        var tier = 0, limit = floorSize
        while documents > limit, limit <= Int.max / mergeFactor {
            limit *= mergeFactor
            tier += 1
        }
        return tier
    }
}
