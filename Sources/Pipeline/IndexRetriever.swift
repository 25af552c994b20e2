import QuarryCore

/// An open index searched by one retriever chosen per question (`/v1/query`'s
/// `retriever`), over the same live state as the index's own.
struct IndexRetriever: Retriever {
    let index: QuarryIndex
    let kind: RetrieverKind

    func retrieve(_ question: String, k: Int) async throws -> Retrieval {
        try await index.retrieveNow(question, k: k, using: kind)
    }
}
