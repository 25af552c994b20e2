import ArgumentParser
import Foundation
import Pipeline

/// `quarry eval retrieval DIR`: nDCG@10, Recall@100, MRR@10 and ms/query on a BEIR folder.
struct EvalRetrievalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrieval",
        abstract: "Index DIR/corpus.jsonl (or reuse that index) and score the judged queries.",
        discussion: """
            The evaluation index is written next to --index as eval-NAME-FOLDER-CHUNKER-SIZE.quarry (FOLDER: a hash of DIR's path) and \
            reused while the corpus and settings are unchanged. Documents are ranked by their best chunk.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var chunking: ChunkingOptions
    @OptionGroup var retrieval: EvaluationRetrievalOptions

    @Argument(help: "A BEIR folder: corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv.")
    var directory: String

    @Option(help: "The qrels split (qrels/SPLIT.tsv); default: the folder's only split, else test.")
    var split: String?

    @Option(help: "A queries JSONL file instead of DIR/queries.jsonl.")
    var queries: String?

    @Option(help: "A qrels TSV file instead of DIR/qrels/SPLIT.tsv.")
    var qrels: String?

    func validate() throws {
        if split != nil && qrels != nil { throw ValidationError("give either --split or --qrels, not both") }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: directory)
        let dataset = try BEIRDataset(
            directory: folder, split: split,
            queriesFile: queries.map { URL(fileURLWithPath: $0) }, qrelsFile: qrels.map { URL(fileURLWithPath: $0) }
        )
        let index = try await retrieval.openIndex(folder: folder, corpus: dataset.corpus, chunking: chunking, global: global).index
        let result = try await RetrievalEvaluation.run(dataset: dataset, index: index, retrieverName: retrieval.name)
        if global.json {
            try Output.json(result)
        } else {
            print(
                String(
                    format: "%@ · %d queries · nDCG@10 %.4f · Recall@100 %.4f · MRR@10 %.4f · %.3f ms/query",
                    result.retriever, result.queries, result.ndcgAt10, result.recallAt100, result.mrrAt10, result.msPerQuery
                )
            )
        }
    }
}

