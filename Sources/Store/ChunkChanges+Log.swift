extension ChunkChanges {
    /// The net changes of change-log rows `(chunk id, added)` in log order (generation,
    /// then removals before additions): a chunk removed at any point is removed from the
    /// reader's copy first; one whose last row is an addition is then added back (ids
    /// are never reused, so in practice a chunk is added once and removed once).
    public init<Log: Sequence>(netOf log: Log) where Log.Element == (chunkID: Int64, added: Bool) {
        var last: [Int64: Bool] = [:]
        var removed: Set<Int64> = []
        for (id, added) in log {
            if !added { removed.insert(id) }
            last[id] = added
        }
        self.init(removed: removed.sorted(), added: last.filter(\.value).map(\.key).sorted())
    }
}
