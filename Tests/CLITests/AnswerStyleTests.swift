import Foundation
import Testing

/// Guards `--answer-style` and `--snippet-embed` on the command line: the default keeps
/// main's answer (every matching sentence, each cited), `snippets` answers with the one
/// sentence that answers, and an out-of-range `--snippet-embed` is the user's mistake
/// (exit 1, naming the bound), not an error inside the generator.
@Suite("ask: answer style", .serialized)
struct AnswerStyleTests {
    let quarry: QuarryBinary
    let directory: URL
    static let question = "What sets the checkpoint interval?"
    static let answer = "The checkpoint interval is set by checkpoint_timeout."

    init() throws {
        quarry = try QuarryBinary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-style-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("""
            Checkpoints are points in the write-ahead log at which all data files have been updated. \
            \(Self.answer)
            """.utf8).write(to: directory.appendingPathComponent("docs/wal.txt"))
        let outcome = try quarry.run(["index", "docs", "--index", "i.quarry", "--embedder", "none"], in: directory)
        try #require(outcome.status == 0, "\(outcome.stderr)")
    }

    func ask(_ options: [String]) throws -> QuarryBinary.Outcome {
        try quarry.run(["ask", Self.question, "--index", "i.quarry", "--embedder", "none"] + options, in: directory)
    }

    @Test func snippetsAnswerWithTheSentenceThatAnswersAndTheDefaultWithBoth() throws {
        let sentences = try ask([])
        #expect(sentences.status == 0, "\(sentences.stderr)")
        #expect(sentences.stdout.contains("Checkpoints are points"), "\(sentences.stdout)")
        #expect(sentences.stdout.contains(Self.answer), "\(sentences.stdout)")
        let snippet = try ask(["--answer-style", "snippets", "--snippet-embed", "0"])
        #expect(snippet.status == 0, "\(snippet.stderr)")
        #expect(snippet.stdout.hasPrefix("\(Self.answer) [1]"), "\(snippet.stdout)")
        #expect(!snippet.stdout.contains("Checkpoints are points"), "\(snippet.stdout)")
    }

    @Test func anOutOfRangeSnippetEmbedIsTheUsersMistake() throws {
        let outcome = try ask(["--answer-style", "snippets", "--snippet-embed", "300"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("--snippet-embed must be between 0 and 256"), "\(outcome.stderr)")
    }
}
