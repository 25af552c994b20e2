import DenseIndex

/// The float vectors a ranking over a shared store re-scores with. Rankings run
/// synchronously on the in-memory state, and a shared store reads asynchronously, so the
/// vectors cannot be read in the middle of one: a ranking that asks for vectors not
/// fetched yet stops with ``VectorsNeeded``; the caller fetches them and ranks again
/// (``QuarryIndex``). The second ranking asks for the same ids (same state, same
/// question), so a query reads its vectors once. While the store cannot be reached, a
/// ranking that needs vectors stops with ``VectorsUnreachable`` instead, and the dense
/// retriever keeps the codes' ranking without re-scoring it.
struct FetchedVectors: VectorSource, Sendable {
    private var known: [Int64: [Float]?] = [:]
    /// The store could not be reached for the vectors.
    private var unreachable = false

    /// Adds `vectors`, one per id of `ids` (nil: the chunk has none, or is gone).
    mutating func add(ids: [Int64], vectors: [[Float]?]) {
        for (id, vector) in zip(ids, vectors) { known[id] = vector }
    }

    /// Records that the store could not be reached for the vectors.
    mutating func markUnreachable() {
        unreachable = true
    }

    func vectors(for ids: [Int64]) throws -> [[Float]?] {
        let missing = ids.filter { known[$0] == nil }
        guard missing.isEmpty else {
            if unreachable { throw VectorsUnreachable() }
            throw VectorsNeeded(ids: missing)
        }
        return ids.map { known[$0] ?? nil }
    }
}

/// A ranking needs the vectors of `ids` from the store (``FetchedVectors``).
struct VectorsNeeded: Error {
    let ids: [Int64]
}

/// The store holding the vectors cannot be reached now (``FetchedVectors``).
struct VectorsUnreachable: Error {}
