import CEditLine
import Foundation
import Pipeline

/// The interactive `quarry ask` session: libedit line editing and a history file.
struct Repl {
    let pipeline: QueryPipeline
    let options: QueryOptions
    let json: Bool

    static let help = """
        Type a question and press Enter. Commands:
          :sources   the chunks retrieved for the last answer (* = handed to the generator)
          :help      this text
          :quit      leave (Ctrl-D works too)
        """

    func run() throws {
        let historyPath = Self.historyPath()
        _ = read_history(historyPath)
        defer { _ = write_history(historyPath) }
        let statistics = try pipeline.index.store.statistics()
        Output.status(
            "quarry: \(statistics.documents) documents, \(statistics.chunks) chunks in \(pipeline.index.store.url.path). :help for help."
        )
        var last: QueryResult?
        while let pointer = readline("quarry> ") {
            let line = String(cString: pointer).trimmingCharacters(in: .whitespaces)
            free(pointer)
            guard !line.isEmpty else { continue }
            add_history(line)
            switch line {
            case ":quit", ":q", ":exit":
                return
            case ":help", ":h":
                print(Self.help)
            case ":sources", ":s":
                if let last { AnswerPrinter.printSources(last) } else { print("ask a question first") }
            default:
                if line.hasPrefix(":") {
                    print("unknown command \(line); :help lists the commands")
                    continue
                }
                do {
                    let result = try pipeline.answer(line, options: options)
                    last = result
                    if json { try Output.json(result) } else { AnswerPrinter.print(result, sources: false) }
                } catch {
                    Output.status("error: \(error)")
                }
            }
        }
    }

    private static func historyPath() -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()
        return (home as NSString).appendingPathComponent(".quarry_history")
    }
}
