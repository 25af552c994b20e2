import CEditLine
import Foundation
import Pipeline
import QuarryCore

/// The interactive `quarry ask` session: libedit line editing, a history file, answers
/// streamed as they are written, and commands to look at sources and timings and to
/// change settings between questions.
struct Repl {
    var pipeline: QueryPipeline
    let index: QuarryIndex
    var options: QueryOptions
    let json: Bool
    /// Makes the generator a `:set generator` names (loading a model when needed).
    var generators: (GeneratorKind) throws -> any Generator = { _ in
        throw QuarryError.invalidInput("this session cannot change its generator")
    }

    init(pipeline: QueryPipeline, index: QuarryIndex, options: QueryOptions, json: Bool) {
        self.pipeline = pipeline
        self.index = index
        self.options = options
        self.json = json
    }

    static let help = """
        Type a question and press Enter. Commands:
          :sources            the chunks retrieved for the last answer (* = handed to the generator)
          :citations          the last answer's citations with the cited text
          :timings            the last answer's stage timings
          :history            the questions asked in this session
          :settings           the current settings
          :set budget N       the most context tokens handed to the generator
          :set top-k N        how many chunks retrieval returns
          :set generator G    extractive, local or openai
          :help               this text
          :quit               leave (Ctrl-D works too)
        """

    mutating func run() async throws {
        let historyPath = Self.historyPath()
        _ = read_history(historyPath)
        defer { _ = write_history(historyPath) }
        let statistics = try index.store.statistics()
        Output.status(
            "quarry: \(statistics.documents) documents, \(statistics.chunks) chunks in \(index.store.url.path), generator \(pipeline.generator.name). :help for help."
        )
        var last: QueryResult?
        var asked: [String] = []
        var cache: [GeneratorKind: any Generator] = [:]
        while let pointer = readline("quarry> ") {
            let line = String(cString: pointer).trimmingCharacters(in: .whitespaces)
            free(pointer)
            guard !line.isEmpty else { continue }
            add_history(line)
            let words = line.split(separator: " ").map(String.init)
            switch words[0] {
            case ":quit", ":q", ":exit":
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
                    try set(Array(words.dropFirst()), cache: &cache)
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

    private func printSettings() {
        print("budget \(options.budget) · top-k \(options.topK) · retriever \(index.kind.rawValue) · selector \(pipeline.selector.name) · compression \(pipeline.compressor == nil ? "off" : "on") · generator \(pipeline.generator.name)")
    }

    /// Applies `:set NAME VALUE`.
    private mutating func set(_ arguments: [String], cache: inout [GeneratorKind: any Generator]) throws {
        guard arguments.count == 2 else { throw QuarryError.invalidInput("use :set budget|top-k|generator VALUE") }
        let value = arguments[1]
        switch arguments[0] {
        case "budget", "top-k":
            guard let number = Int(value) else { throw QuarryError.invalidInput("\(arguments[0]) takes a whole number, not \(value)") }
            var changed = options
            if arguments[0] == "budget" { changed.budget = number } else { changed.topK = number }
            try changed.validate()
            options = changed
        case "generator":
            guard let kind = GeneratorKind(rawValue: value) else {
                throw QuarryError.invalidInput("generator is one of \(GeneratorKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let generator = try cache[kind] ?? generators(kind)
            cache[kind] = generator
            pipeline = QueryPipeline(
                retriever: pipeline.retriever, selector: pipeline.selector, compressor: pipeline.compressor,
                generator: generator
            )
        default:
            throw QuarryError.invalidInput("unknown setting \(arguments[0]); use budget, top-k or generator")
        }
    }

    private static func historyPath() -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()
        return (home as NSString).appendingPathComponent(".quarry_history")
    }
}
