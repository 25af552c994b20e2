import Embedding
import Foundation
import Generation
import Pipeline
import Store
import Testing

/// Ten how-to questions a new user asks of the shipped PostgreSQL manual sample
/// (`Corpora/`), with the default pipeline (hybrid retrieval over MiniLM) and snippet
/// answers (`--answer-style snippets`). Guards issue 20: the answer must show the command or example that does
/// it (`CREATE INDEX … WHERE` for a partial index), not three scattered sentences
/// about it, and its citations must stay byte-exact.
@Suite("How-to questions on the manual sample")
struct ManualHowToTests {
    struct Question: Decodable {
        var question: String
        /// Text the answer must contain, each piece verbatim.
        var expect: [String]
    }

    @Test func eachHowToAnswerShowsTheCommand() async throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let fixtureURL = here.appendingPathComponent("Fixtures/manual-howto.jsonl")
        let fixture = try String(contentsOf: fixtureURL, encoding: .utf8)
        let questions = try fixture.split(separator: "\n").map {
            try JSONDecoder().decode(Question.self, from: Data($0.utf8))
        }
        #expect(questions.count == 10)
        let corpora = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpora")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("howto-\(UUID().uuidString).quarry")
        defer { try? FileManager.default.removeItem(at: url) }
        let embedder = try LocalBertEmbedder()
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init(), embedder: embedder)
            .run(paths: [corpora])
        let index = try QuarryIndex.open(url, embedder: embedder)
        let pipeline = try PipelineFactory(index: index, extractive: ExtractiveGenerator(style: .snippets)).pipeline(StageChoice())
        for item in questions {
            let result = try await pipeline.answer(item.question)
            for piece in item.expect {
                #expect(result.answer.contains(piece), "\(item.question) → \(result.answer)")
            }
            try QueryPipelineTests.expectCitationsPointAtTheSource(result.citations)
        }
    }
}
