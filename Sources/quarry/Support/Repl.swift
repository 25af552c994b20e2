import CEditLine
import Foundation
import Pipeline
import QuarryCore

/// The interactive `quarry ask` session: libedit line editing and a history file.
struct Repl {
    let pipelines: any QueryPipelineSource
    let stages: StageChoice
    let options: QueryOptions
    let json: Bool

    static let help = """
        Type a question and press Enter. Commands:
          :sources   the chunks retrieved for the last answer (* = handed to the generator)
          :help      this text
          :quit      leave (Ctrl-D works too)
        """

    func run() async throws {
        let historyPath = Self.historyPath()
        _ = read_history(historyPath)
        defer { _ = write_history(historyPath) }
        let index = pipelines.index
        let pipeline = try pipelines.pipeline(stages)
        let statistics = try index.store.statistics()
        Output.status(
            "quarry: \(statistics.documents) documents, \(statistics.chunks) chunks in \(index.store.url.path). :help for help."
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
                    if json {
                        let result = try await pipeline.answer(line, options: options)
                        last = result
                        try Output.json(result)
                    } else {
                        last = try await AnswerPrinter.stream(pipeline.run(line, options: options), sources: false) ?? last
                    }
                } catch {
                    Output.status("error: \(QuarryError(error).message)")
                }
            }
        }
    }

    private static func historyPath() -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()
        return (home as NSString).appendingPathComponent(".quarry_history")
    }
}
