import ArgumentParser
import Embedding
import Foundation
import Models

/// `quarry embed`: sentence vectors from the local embedder.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts with the local sentence encoder (all-MiniLM-L6-v2 by default)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Texts to embed.")
    var texts: [String] = []

    @Option(name: .long, help: "A file of texts: one per line, or JSONL objects with a \"text\" field.")
    var file: String?

    @Option(name: .long, help: "A BERT folder (config.json, vocab.txt, model.safetensors) instead of the default model.")
    var model: String?

    @Option(name: .long, help: EncoderPrecision.optionHelp)
    var encoderPrecision: EncoderPrecision?

    /// The JSON document `--json` prints.
    struct Result: Encodable {
        let model: String
        let dimensions: Int
        let embeddings: [[Float]]
    }

    func run() async throws {
        var inputs = texts
        if let file { inputs += try TextFile.texts(from: file) }
        guard !inputs.isEmpty else { throw ValidationError("nothing to embed: give TEXT arguments or --file FILE") }
        let embedder = try model.map { try LocalBertEmbedder(folder: $0, precision: encoderPrecision) }
            ?? LocalBertEmbedder(precision: encoderPrecision)
        let vectors = try await embedder.embed(inputs)
        if global.json {
            try Output.json(Result(model: embedder.modelName, dimensions: embedder.dimensions, embeddings: vectors))
        } else {
            for (text, vector) in zip(inputs, vectors) {
                let head = vector.prefix(4).map { String(format: "%.4f", $0) }.joined(separator: ", ")
                print("\(text.prefix(40))\t[\(head), …] (\(vector.count) dims)")
            }
        }
    }
}
