import ArgumentParser
import Pipeline
import QuarryCore

/// The selection and compression options `ask` and `eval qa` share (each command has
/// its own `--generator`, whose default differs).
struct StageOptions: ParsableArguments {
    @Option(help: "How to choose chunks for the context: \(SelectorKind.allCases.map(\.rawValue).joined(separator: "|")).")
    var selector: SelectorKind = StageChoice().selector

    @Option(help: "Compress the selected context to about 1/RATE of its tokens (e.g. 3).")
    var compression: Double?

    @Option(name: .customLong("compress-to"), help: "Compress the selected context to at most TOKENS tokens.")
    var compressTo: Int?

    @Option(help: "How compression scores tokens: \(CompressionMethod.allCases.map(\.rawValue).joined(separator: "|")).")
    var compressionMethod: CompressionMethod = StageChoice().compressionMethod

    func validate() throws {
        if compression != nil && compressTo != nil {
            throw ValidationError("give either --compression or --compress-to, not both")
        }
        try target?.validate()
    }

    /// The compression asked for, if any.
    var target: CompressionTarget? {
        if let compression { return .rate(compression) }
        return compressTo.map { .tokens($0) }
    }

    /// The stage choice with `generator`.
    func choice(generator: GeneratorKind) -> StageChoice {
        StageChoice(selector: selector, compression: target, compressionMethod: compressionMethod, generator: generator)
    }
}

extension SelectorKind: ExpressibleByArgument {}
extension GeneratorKind: ExpressibleByArgument {}
extension CompressionMethod: ExpressibleByArgument {}
