import ArgumentParser
import Pipeline
import QuarryCore

/// The selection and compression options `ask` and `eval qa` share (each command has
/// its own `--generator`, whose default differs).
struct StageOptions: ParsableArguments {
    @Option(help: "How to choose chunks for the context: \(SelectorKind.allCases.map(\.rawValue).joined(separator: "|")).")
    var selector: SelectorKind = StageChoice().selector

    @Option(help: ArgumentHelp(
        "Compress the selected context to about 1/RATE of its tokens (e.g. 3), off, or auto (by generator and size).",
        valueName: "rate|off|auto"
    ))
    var compression: CompressionRequest?

    @Option(name: .customLong("compress-to"), help: "Compress the selected context to at most TOKENS tokens.")
    var compressTo: Int?

    @Option(help: "How compression scores tokens: \(CompressionMethod.allCases.map(\.rawValue).joined(separator: "|")).")
    var compressionMethod: CompressionMethod = StageChoice().compressionMethod

    func validate() throws {
        if compression != nil && compressTo != nil {
            throw ValidationError("give either --compression or --compress-to, not both")
        }
        do {
            try compressTo.map { try CompressionTarget.tokens($0).validate() }
        } catch let error as QuarryError {
            throw ValidationError(error.message)
        }
    }

    /// The compression asked for: automatic unless named.
    var request: CompressionRequest {
        if let compression { return compression }
        return compressTo.map { .target(.tokens($0)) } ?? .automatic
    }

    /// The stage choice with `generator`.
    func choice(generator: GeneratorKind, retriever: RetrieverKind?) -> StageChoice {
        StageChoice(
            selector: selector, compression: request, compressionMethod: compressionMethod, generator: generator,
            retriever: retriever
        )
    }
}

extension SelectorKind: ExpressibleByArgument {}
extension GeneratorKind: ExpressibleByArgument {}
extension CompressionMethod: ExpressibleByArgument {}

extension CompressionRequest: ExpressibleByArgument {
    /// `off`, `auto` or a rate; nil (ArgumentParser's message) for anything else.
    public init?(argument: String) {
        guard let request = try? CompressionRequest(parsing: argument) else { return nil }
        self = request
    }
}
