import Foundation

/// Question → retriever → selection under the token budget → generator → answer
/// with citations and stage timings.
public struct QueryPipeline: Sendable {
    public let index: QuarryIndex
    public let generator: any Generator

    public init(index: QuarryIndex, generator: any Generator = ExtractiveGenerator()) {
        self.index = index
        self.generator = generator
    }

    /// Answers `question` from the index.
    public func answer(_ question: String, options: QueryOptions = .init()) throws -> QueryResult {
        let trimmed = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw PipelineError("the question is empty; ask something") }
        try options.validate()
        var timings: [String: Double] = [:]
        let started = Date()
        var mark = started
        func lap(_ stage: String) {
            let now = Date()
            timings[stage] = (now.timeIntervalSince(mark) * 1000 * 1000).rounded() / 1000
            mark = now
        }

        let hits = try index.retriever.retrieve(trimmed, k: options.topK)
        let chunks = try index.store.chunks(ids: hits.map(\.id))
        let scores = Dictionary(uniqueKeysWithValues: hits.map { ($0.id, $0.score) })
        let retrieved = chunks.enumerated().map { offset, chunk in
            RetrievedChunk(chunk, score: scores[chunk.id] ?? 0, rank: offset + 1)
        }
        lap("retrieve")

        var context: [RetrievedChunk] = []
        var contextTokens = 0
        for chunk in retrieved where contextTokens + chunk.tokens <= options.budget {
            context.append(chunk)
            contextTokens += chunk.tokens
        }
        lap("select")

        let generated = try generator.answer(question: trimmed, context: context)
        lap("generate")
        timings["total"] = (Date().timeIntervalSince(started) * 1000 * 1000).rounded() / 1000

        return QueryResult(
            question: trimmed, answer: generated.text, citations: generated.citations,
            retrieved: retrieved, selected: context.map(\.chunkID), contextTokens: contextTokens,
            generator: generator.name, timingsMs: timings
        )
    }
}
