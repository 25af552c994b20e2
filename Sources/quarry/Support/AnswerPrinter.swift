import Foundation
import QuarryCore

/// Renders a query result for a person reading a terminal.
enum AnswerPrinter {
    /// Prints the answer's text as the pipeline streams it, then its citations and
    /// timings; returns the whole result.
    @discardableResult
    static func stream(_ events: AsyncThrowingStream<QueryEvent, any Error>, sources: Bool) async throws -> QueryResult? {
        var result: QueryResult?
        for try await event in events {
            switch event {
            case .text(let text):
                FileHandle.standardOutput.write(Data(text.utf8))
            case .finished(let finished):
                result = finished
                Swift.print("")
                printDetails(finished, sources: sources)
            case .retrieved, .selected, .context:
                break
            }
        }
        return result
    }

    /// Prints a whole result: answer, citations, timings.
    static func print(_ result: QueryResult, sources: Bool) {
        Swift.print(result.answer)
        printDetails(result, sources: sources)
    }

    private static func printDetails(_ result: QueryResult, sources: Bool) {
        if !result.citations.isEmpty {
            Swift.print("")
            for (number, citation) in result.citations.enumerated() {
                Swift.print("[\(number + 1)] \(citation.document) (chunk \(citation.chunkID), bytes \(citation.byteStart)–\(citation.byteEnd))")
            }
        }
        if sources { printSources(result) }
        let timings = result.timingsMs
        let stages = [("retrieve", timings.retrieve), ("select", timings.select), ("compress", timings.compress),
                      ("generate", timings.generate), ("total", timings.total)]
            .compactMap { stage, ms in ms.map { String(format: "%@ %.1f ms", stage, $0) } }
        Swift.print("\n\(result.contextTokens) context tokens · " + stages.joined(separator: " · "))
    }

    /// Lists the retrieved chunks, marking those handed to the generator.
    static func printSources(_ result: QueryResult) {
        let selected = Set(result.selected)
        Swift.print("\nretrieved:")
        for chunk in result.retrieved {
            let mark = selected.contains(chunk.chunkID) ? "*" : " "
            let preview = chunk.text.prefix(100).replacingOccurrences(of: "\n", with: " ")
            Swift.print(String(format: "%@ %2d. %.3f  %@ #%lld", mark, chunk.rank, chunk.score, chunk.document, chunk.chunkID))
            Swift.print("       \(preview)…")
        }
    }
}
