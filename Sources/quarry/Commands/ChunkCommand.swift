import ArgumentParser
import Foundation
import Loaders
import Pipeline

/// `quarry chunk FILE`: shows how a file would be cut into chunks.
struct ChunkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chunk",
        abstract: "Print the chunks a file is cut into (after text extraction)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var chunking: ChunkingOptions

    @Argument(help: "The file to chunk.")
    var file: String

    struct ChunkJSON: Encodable {
        var document: String?
        var text: String
        var byteStart: Int
        var byteEnd: Int
        var tokens: Int

        enum CodingKeys: String, CodingKey {
            case document, text, tokens, byteStart = "byte_start", byteEnd = "byte_end"
        }
    }

    func run() async throws {
        let settings = try chunking.settings()
        let models = try ChunkingModels.load(
            for: settings.chunker, embedder: nil, secondsPerDocument: chunking.secondsPerDocument,
            note: { Output.status($0) }
        )
        let chunker = try settings.makeChunker(models: models)
        let source = try DocumentLoader().load(URL(fileURLWithPath: file))
        var chunks: [ChunkJSON] = []
        for document in source.documents {
            for chunk in try await chunker.chunk(document.text) {
                chunks.append(
                    ChunkJSON(
                        document: document.externalID, text: chunk.text, byteStart: chunk.byteStart,
                        byteEnd: chunk.byteEnd, tokens: chunk.tokenCount
                    )
                )
            }
        }
        if global.json {
            try Output.json(["chunks": chunks])
        } else {
            for (number, chunk) in chunks.enumerated() {
                print("── chunk \(number + 1) · bytes \(chunk.byteStart)–\(chunk.byteEnd) · \(chunk.tokens) tokens")
                print(chunk.text)
            }
        }
    }
}
