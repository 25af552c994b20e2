import Foundation
import Pipeline

/// Renders a query result for a person reading a terminal.
enum AnswerPrinter {
    static func print(_ result: QueryResult, sources: Bool) {
        Swift.print(result.answer)
        if !result.citations.isEmpty {
            Swift.print("")
            for (number, citation) in result.citations.enumerated() {
                Swift.print("[\(number + 1)] \(citation.document) (chunk \(citation.chunkID), bytes \(citation.byteStart)–\(citation.byteEnd))")
            }
        }
        if sources { printSources(result) }
        let stages = ["retrieve", "select", "generate", "total"].compactMap { stage in
            result.timingsMs[stage].map { String(format: "%@ %.1f ms", stage, $0) }
        }
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
