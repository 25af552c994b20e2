import CEditLine
import Foundation
import Pipeline
import QuarryCore

/// The interactive `quarry ask` session: libedit line editing, a history file, answers
/// streamed as they are written, and commands to look at sources and timings and to
/// change the stages and settings between questions.
struct Repl {
    let pipelines: any QueryPipelineSource
    var stages: StageChoice
    var options: QueryOptions
    let json: Bool

    static let help = """
        Type a question and press Enter. Commands:
          :sources              the chunks retrieved for the last answer (* = handed to the generator)
          :citations            the last answer's citations with the text they cite
          :timings              the last answer's stage timings
          :history              the questions asked in this session
          :settings             the current settings
          :set budget N         the most context tokens handed to the generator
          :set top-k N          how many chunks retrieval returns
          :set selector S       \(SelectorKind.allCases.map(\.rawValue).joined(separator: ", "))
          :set compression R    keep about 1/R of the context's tokens, off, or auto (by generator and size)
          :set compression-method M  \(CompressionMethod.allCases.map(\.rawValue).joined(separator: ", "))
          :set generator G      \(GeneratorKind.allCases.map(\.rawValue).joined(separator: ", "))
          :help                 this text
          :quit                 leave (exit, quit and Ctrl-D work too)
        Ctrl-C stops an answer being written and returns to the prompt.
        """

    mutating func run() async throws {
        let historyPath = Self.historyPath()
        _ = read_history(historyPath)
        let interrupts = InterruptibleAnswer()
        let index = pipelines.index
        var pipeline = try pipelines.pipeline(stages)
        let statistics = try await index.store.size()
        Output.status(
            "quarry: \(statistics.documents) documents, \(statistics.chunks) chunks in \(index.store.location), generator \(stages.generator.rawValue). :help for help."
        )
        var last: QueryResult?
        var asked: [String] = []
        while true {
            // What the last command printed reaches a piped output before the next prompt.
            fflush(nil)
            guard let pointer = readline("quarry> ") else {
                // Ctrl-C at the prompt: a fresh prompt. Ctrl-D: leave, ending the prompt's
                // line so the shell's starts on its own.
                print("")
                if interrupts.takeInterrupt() { continue }
                return
            }
            let line = String(cString: pointer).trimmingCharacters(in: .whitespaces)
            free(pointer)
            guard !line.isEmpty else { continue }
            add_history(line)
            // Written as the session goes, so a session that ends abruptly keeps its questions.
            _ = write_history(historyPath)
            let words = line.split(separator: " ").map(String.init)
            switch words[0] {
            case ":quit", ":q", ":exit", "exit", "quit":
                return
            case ":help", ":h":
                print(Self.help)
            case ":sources", ":s":
                if let last { AnswerPrinter.printSources(last) } else { print("ask a question first") }
            case ":citations", ":c":
                if let last { AnswerPrinter.printCitationTexts(last) } else { print("ask a question first") }
            case ":timings", ":t":
                if let last { AnswerPrinter.printTimings(last) } else { print("ask a question first") }
            case ":history":
                for (number, question) in asked.enumerated() { print("\(number + 1). \(question)") }
            case ":settings":
                printSettings()
            case ":set":
                do {
                    var changed = self
                    try changed.set(Array(words.dropFirst()))
                    pipeline = try pipelines.pipeline(changed.stages)
                    self = changed
                    printSettings()
                } catch {
                    print("error: \(QuarryError(error).message)")
                }
            default:
                if line.hasPrefix(":") {
                    print("unknown command \(line); :help lists the commands")
                    continue
                }
                asked.append(line)
                let (current, asking, asJSON) = (pipeline, options, json)
                do {
                    let finished = try await interrupts.run { () async throws -> QueryResult? in
                        guard asJSON else {
                            return try await AnswerPrinter.stream(current.run(line, options: asking), in: .repl)
                        }
                        let result = try await current.answer(line, options: asking)
                        try Output.json(result)
                        return result
                    }
                    guard let finished else {
                        print("\n(stopped)")
                        continue
                    }
                    last = finished ?? last
                } catch {
                    Output.status("error: \(QuarryError(error).message)")
                }
            }
        }
    }

    private func printSettings() {
        let compression = stages.compression.description
        print("budget \(options.budget) · top-k \(options.topK) · retriever \(pipelines.index.kind.rawValue) · selector \(stages.selector.rawValue) · compression \(compression) · compression-method \(stages.compressionMethod.rawValue) · generator \(stages.generator.rawValue)")
    }

    /// Applies `:set NAME VALUE` to the settings (checked; the caller builds the pipeline).
    private mutating func set(_ arguments: [String]) throws {
        guard arguments.count == 2 else {
            throw QuarryError.invalidInput("use :set budget|top-k|selector|compression|compression-method|generator VALUE")
        }
        let (name, value) = (arguments[0], arguments[1])
        func kind<Kind: RawRepresentable & CaseIterable>(_ type: Kind.Type) throws -> Kind where Kind.RawValue == String {
            guard let kind = Kind(rawValue: value) else {
                throw QuarryError.invalidInput("\(name) is one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return kind
        }
        switch name {
        case "budget", "top-k":
            guard let number = Int(value) else { throw QuarryError.invalidInput("\(name) takes a whole number, not \(value)") }
            if name == "budget" { options.budget = number } else { options.topK = number }
            try options.validate()
        case "selector":
            stages.selector = try kind(SelectorKind.self)
        case "generator":
            stages.generator = try kind(GeneratorKind.self)
        case "compression":
            stages.compression = try CompressionRequest(parsing: value)
        case "compression-method":
            stages.compressionMethod = try kind(CompressionMethod.self)
        default:
            throw QuarryError.invalidInput(
                "unknown setting \(name); use budget, top-k, selector, compression, compression-method or generator"
            )
        }
    }

    private static func historyPath() -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()
        return (home as NSString).appendingPathComponent(".quarry_history")
    }
}
