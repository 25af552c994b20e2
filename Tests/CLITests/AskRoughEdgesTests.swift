import Foundation
import Testing

/// Guards issue 20's rough edges of one-shot `quarry ask`, met as a new user: `--generator
/// none` prints the context it would have sent (main printed an empty answer), a question
/// the index cannot answer is "I found nothing…" with `"answerable": false` and no model
/// run (main's SmolLM2 invented an answer from 0 context tokens), an answer cut by
/// `--max-tokens` says so, notes point to what one-shot `ask` has (main pointed to the
/// REPL's `:sources`), and `--retriever dense` with `--embedder none` on an index with
/// embeddings says what to do (main said the index had no embeddings).
@Suite("ask: rough edges", .serialized)
struct AskRoughEdgesTests {
    let quarry: QuarryBinary
    let directory: URL
    static let question = "What sets the checkpoint interval?"

    init() throws {
        quarry = try QuarryBinary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-ask-\(UUID().uuidString)")
        for folder in ["docs", "empty"] {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(folder), withIntermediateDirectories: true
            )
        }
        try Data("""
            Checkpoints are points in the write-ahead log at which all data files have been updated. \
            The checkpoint interval is set by checkpoint_timeout.
            """.utf8).write(to: directory.appendingPathComponent("docs/wal.txt"))
    }

    func index(_ folder: String, _ file: String, _ options: [String] = []) throws {
        let outcome = try quarry.run(["index", folder, "--index", file] + options, in: directory)
        try #require(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test func generatorNonePrintsTheContext() throws {
        try index("docs", "i.quarry", ["--embedder", "none"])
        let ask = try quarry.run(
            ["ask", "What sets the checkpoint interval?", "--index", "i.quarry", "--generator", "none"], in: directory
        )
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("[1] "), "\(ask.stdout)")
        #expect(ask.stdout.contains("The checkpoint interval is set by checkpoint_timeout."), "\(ask.stdout)")
    }

    @Test func anEmptyIndexIsNotAnsweredByTheModel() throws {
        try index("empty", "empty.quarry", ["--embedder", "none"])
        let ask = try quarry.run(
            ["ask", "What is MVCC?", "--index", "empty.quarry", "--generator", "local", "--json"], in: directory
        )
        #expect(ask.status == 0, "\(ask.stderr)")
        let json = try #require(ask.json, "\(ask.stdout)")
        #expect(json["answerable"] as? Bool == false)
        #expect(json["answer"] as? String == "I found nothing in the index that answers this question.")
        #expect(json["truncated"] as? Bool == false)
    }

    @Test func aCutAnswerSaysSoAndNotesPointToWhatOneShotHas() throws {
        try index("docs", "i.quarry", ["--embedder", "none"])
        let ask = try quarry.run(
            ["ask", Self.question, "--index", "i.quarry", "--generator", "local", "--max-tokens", "4"], in: directory
        )
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("[cut at the token limit"), "\(ask.stdout)")
        #expect(!ask.stdout.contains(":sources"), "one-shot ask has no :sources: \(ask.stdout)")
        let json = try quarry.run(
            ["ask", Self.question, "--index", "i.quarry", "--generator", "local", "--max-tokens", "4", "--json"],
            in: directory
        ).json
        #expect(json?["truncated"] as? Bool == true)
    }

    @Test func denseRetrievalWithoutAnEmbedderSaysWhatToDo() throws {
        try index("docs", "dense.quarry")
        let ask = try quarry.run(
            ["ask", Self.question, "--index", "dense.quarry", "--retriever", "dense", "--embedder", "none"],
            in: directory
        )
        #expect(ask.status == 1)
        #expect(!ask.stderr.contains("has no embeddings"), "it has them: \(ask.stderr)")
        #expect(ask.stderr.contains("--embedder local"), "\(ask.stderr)")
    }
}
