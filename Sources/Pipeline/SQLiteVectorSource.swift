import DenseIndex
import Store

/// Exact re-scoring reads the float vectors from the index file, so the dense index
/// keeps only codes in memory.
struct SQLiteVectorSource: VectorSource {
    let store: QuarryStore

    func vectors(for ids: [Int64]) throws -> [[Float]] {
        try store.vectors(for: ids)
    }
}
