import Compression
import QuarryCore
import Testing

/// Scores 1 for the tokens inside `kept` substrings of a passage and 0 elsewhere, so a
/// test decides which runs compression keeps.
struct MarkedScorer: TokenScorer {
    let name = "marked"
    let kept: [String]

    func scores(question: String, passages: [TokenizedPassage], keepRates: [Double]) async throws -> [[Float]] {
        passages.map { passage in
            let text = passage.passage.text
            let ranges = kept.compactMap { text.utf8.firstRange(of: $0.utf8) }.map {
                text.utf8.distance(from: text.utf8.startIndex, to: $0.lowerBound)
                    ..< text.utf8.distance(from: text.utf8.startIndex, to: $0.upperBound)
            }
            return passage.tokenStarts.map { start in ranges.contains { $0.contains(start) } ? 1 : 0 }
        }
    }
}

/// Guards issue 20's compression defects: text kept from two places is separated (no
/// "VACUUMPlain VACUUM"), so a sentence quoted from it is cited with that sentence's
/// bytes alone, and an SQL statement or a command is kept or dropped whole.
@Suite("Readable compression")
struct ReadableCompressionTests {
    static func passage(_ text: String, at start: Int = 1000) -> ContextPassage {
        ContextPassage(RetrievedChunk(
            chunkID: 1, document: "manual.html", title: nil, byteStart: start, byteEnd: start + text.utf8.count,
            text: text, tokens: text.utf8.count / 4, score: 1, rank: 1
        ))
    }

    /// The kept runs' own tokens: the budget that leaves no room for the dropped text.
    static func tokens(of parts: [String]) throws -> Int {
        let tokenizer = try Fixtures.tokenizer.get()
        return parts.reduce(0) { $0 + tokenizer.tokenIDs(of: $1).count }
    }

    /// Guards that runs from two lines do not glue: main gave "VACUUMPlain VACUUM" and
    /// "rows.A third", which a sentence splitter reads as one sentence, so a quote of it
    /// was cited with a source range across the dropped line between.
    @Test func runsFromDifferentPlacesAreSeparated() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let text = "Routine VACUUM\nfiller words nobody needs here\nPlain VACUUM reclaims rows.\n"
            + "More filler that is dropped.\nA third kind indexes expressions."
        let kept = ["Routine VACUUM", "Plain VACUUM reclaims rows.", "A third kind indexes expressions."]
        let compressor = PromptCompressor(
            name: "marked", target: .tokens(try Self.tokens(of: kept)), tokenizer: tokenizer,
            scorer: MarkedScorer(kept: kept), protection: .none, questionAware: false
        )
        let output = try #require(try await compressor.compress(question: "q", passages: [Self.passage(text)]).first)
        #expect(output.text.hasPrefix("Routine VACUUM\nPlain VACUUM reclaims rows.\nA third"), "\(output.text)")
        #expect(!output.text.contains("filler"))
        // The separators are no source bytes: each run still maps to its own.
        #expect(output.sourceRange(of: 0..<14) == 1000..<1014)
    }

    /// Guards that an SQL statement is one unit: main kept `CREATE INDEX … (order_nr)` and
    /// dropped `WHERE billed is not true`, which makes it a partial index.
    @Test func anSQLStatementIsKeptOrDroppedWhole() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let statement = "CREATE INDEX orders_unbilled_index ON orders (order_nr)\n    WHERE billed is not true;"
        let text = "A partial index is built over a subset of a table, defined by a condition. To index only "
            + "the orders that are not billed yet, create the partial index like this:\n" + statement
            + "\nSuch an index is smaller and faster to update than an index over the whole table, and the "
            + "planner uses it for queries that name the same condition in their WHERE clause."
        for rate in [2.0, 3.0, 5.0] {
            let compressor = PromptCompressor(
                name: "rising", target: .rate(rate), tokenizer: tokenizer, scorer: RisingScorer()
            )
            let output = try await compressor.compress(
                question: "How do I create a partial index?", passages: [Self.passage(text)]
            )
            let kept = output.map(\.text).joined()
            let whole = kept.contains(statement)
            let none = !kept.contains("orders_unbilled_index") && !kept.contains("billed is not true")
            #expect(whole || none, "at \(rate)× the statement was cut: \(kept)")
        }
    }

    /// Guards that a command line is one unit, as an SQL statement is.
    @Test func aCommandLineIsKeptOrDroppedWhole() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let command = "psql -X --set ON_ERROR_STOP=on dbname < dumpfile"
        let text = "To restore a dump and stop at the first error, run psql with the variable set:\n" + command
            + "\nEither way, you will only have a partially restored database if an error occurs part of the way."
        for rate in [2.0, 3.0] {
            let compressor = PromptCompressor(
                name: "rising", target: .rate(rate), tokenizer: tokenizer, scorer: RisingScorer()
            )
            let question = "How do I restore a dump?"
            let output = try await compressor.compress(question: question, passages: [Self.passage(text)])
            let kept = output.map(\.text).joined()
            let whole = kept.contains(command)
            let none = !kept.contains("ON_ERROR_STOP") && !kept.contains("dumpfile")
            #expect(whole || none, "at \(rate)× the command was cut: \(kept)")
        }
    }
}
