import Foundation
import Pipeline
import QuarryCore

/// Renders a query result for a person reading a terminal.
enum AnswerPrinter {
    /// Where an answer is printed: the notes under it name what the reader can type there.
    enum Place {
        /// One-shot `quarry ask "…"`.
        case oneShot
        /// The REPL, where `:sources` lists what was retrieved.
        case repl
    }

    /// Prints the answer's text as the pipeline streams it, then its citations and
    /// timings; with no generator (`--generator none`), the context it would have been
    /// handed. Returns the whole result.
    @discardableResult
    static func stream(
        _ events: AsyncThrowingStream<QueryEvent, any Error>, in place: Place
    ) async throws -> QueryResult? {
        var result: QueryResult?
        var context: [ContextPassage] = []
        for try await event in events {
            switch event {
            case .text(let text):
                FileHandle.standardOutput.write(Data(text.utf8))
            case .context(let passages):
                context = passages
            case .finished(let finished):
                result = finished
                if finished.generator == GeneratorKind.none.rawValue { printContext(context) }
                Swift.print(finished.truncated ? " …\n[cut at the token limit: raise --max-tokens for more]" : "")
                printDetails(finished, in: place)
            case .retrieved, .selected:
                break
            }
        }
        return result
    }

    /// The passages a generator would be handed, numbered as the prompt numbers them.
    static func printContext(_ context: [ContextPassage]) {
        guard !context.isEmpty else { return Swift.print("no context: the index holds nothing for this question") }
        Swift.print("the context a generator would be handed (--generator none):")
        for (number, passage) in context.enumerated() {
            let chunk = passage.chunk
            Swift.print("\n[\(number + 1)] \(chunk.document) (chunk \(chunk.chunkID), \(passage.tokens) tokens)")
            Swift.print(passage.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private static func printDetails(_ result: QueryResult, in place: Place) {
        if !result.citations.isEmpty {
            Swift.print("")
            for (number, citation) in result.citations.enumerated() {
                let label = citation.source ?? number + 1
                Swift.print("[\(label)] \(citation.document) (chunk \(citation.chunkID), bytes \(citation.byteStart)–\(citation.byteEnd))")
            }
        }
        let seeSources = place == .repl ? ":sources" : "the retrieved chunks (ask --json lists them)"
        for flag in result.citationFlags {
            switch flag {
            case .citesNothing: Swift.print("note: this answer cites no source; check it against \(seeSources)")
            case .citesUnknownSource: Swift.print("note: this answer cites a source number it was not given")
            }
        }
        Swift.print("")
        printTimings(result)
    }

    /// One line: context tokens, generator and each stage's time.
    static func printTimings(_ result: QueryResult) {
        let timings = result.timingsMs
        let stages = [("retrieve", timings.retrieve), ("select", timings.select), ("compress", timings.compress),
                      ("generate", timings.generate), ("total", timings.total)]
            .compactMap { stage, ms in ms.map { String(format: "%@ %.1f ms", stage, $0) } }
        Swift.print("\(result.contextTokens) context tokens · \(result.generator) · " + stages.joined(separator: " · "))
    }

    /// The citations with the text each one cites.
    static func printCitationTexts(_ result: QueryResult) {
        guard !result.citations.isEmpty else { return Swift.print("the last answer cites nothing") }
        for (number, citation) in result.citations.enumerated() {
            let preview = citation.text.prefix(300).replacingOccurrences(of: "\n", with: " ")
            Swift.print("[\(citation.source ?? number + 1)] \(citation.document) bytes \(citation.byteStart)–\(citation.byteEnd)\n    \(preview)")
        }
    }

    /// Lists the retrieved chunks, marking those handed to the generator.
    static func printSources(_ result: QueryResult) {
        let chosen = Dictionary(result.selection.map { ($0.chunkID, $0) }, uniquingKeysWith: { first, _ in first })
        Swift.print("\nretrieved (* = handed to the generator: tokens, reward contribution from --selector mcts):")
        for chunk in result.retrieved {
            let mark = chosen[chunk.chunkID] != nil || result.selected.contains(chunk.chunkID) ? "*" : " "
            let preview = chunk.text.prefix(100).replacingOccurrences(of: "\n", with: " ")
            var line = String(format: "%@ %2d. %.3f  %@ #%lld", mark, chunk.rank, chunk.score, chunk.document, chunk.chunkID)
            if let entry = chosen[chunk.chunkID] {
                line += "  \(entry.tokens) tokens"
                if let contribution = entry.rewardContribution { line += String(format: ", reward %+.4f", contribution) }
            }
            Swift.print(line)
            Swift.print("       \(preview)…")
        }
    }
}
