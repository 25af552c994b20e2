import Foundation
import Loaders
import Pipeline
import Store
import Testing

@Suite("QueryPipeline")
struct QueryPipelineTests {
    let corpus: TemporaryCorpus
    let pipeline: QueryPipeline

    init() throws {
        corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        pipeline = QueryPipeline(index: try QuarryIndex.open(corpus.index))
    }

    @Test func answersWithCitationsThatPointAtTheDocumentText() throws {
        let result = try pipeline.answer("What is a partial index?")
        #expect(result.retrieved.first?.document.hasSuffix("indexes.html") == true)
        #expect(result.answer.contains("partial index"))
        #expect(!result.citations.isEmpty)
        for citation in result.citations {
            let source = try DocumentLoader().load(URL(fileURLWithPath: citation.document))
            let bytes = Array(source.documents[0].text.utf8)
            let cited = String(decoding: bytes[citation.byteStart..<citation.byteEnd], as: UTF8.self)
            #expect(cited == citation.text)
        }
        #expect(Set(result.timingsMs.keys) == ["retrieve", "select", "generate", "total"])
        #expect(result.contextTokens > 0)
    }

    @Test func theBudgetBoundsTheContext() throws {
        let small = try pipeline.answer("VACUUM dead tuples autovacuum", options: QueryOptions(topK: 10, budget: 16))
        #expect(small.contextTokens <= 16)
        let large = try pipeline.answer("VACUUM dead tuples autovacuum", options: QueryOptions(topK: 10, budget: 4096))
        #expect(large.contextTokens >= small.contextTokens)
        #expect(large.selected.count == large.retrieved.count)
    }

    @Test func aQuestionWithNoMatchSaysSo() throws {
        let result = try pipeline.answer("zebra giraffe")
        #expect(result.retrieved.isEmpty)
        #expect(result.citations.isEmpty)
        #expect(result.answer == ExtractiveGenerator.noAnswer)
    }

    @Test func emptyQuestionsAndBadOptionsAreUserErrors() {
        #expect(throws: PipelineError.self) { try pipeline.answer("   ") }
        #expect(throws: PipelineError.self) { try pipeline.answer("vacuum", options: QueryOptions(topK: 0)) }
        #expect(throws: PipelineError.self) { try pipeline.answer("vacuum", options: QueryOptions(budget: 1)) }
    }
}
