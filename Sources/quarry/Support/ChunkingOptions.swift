import ArgumentParser
import Pipeline

/// The chunking options `index`, `chunk` and `eval` share.
struct ChunkingOptions: ParsableArguments {
    @Option(help: "How to cut documents into chunks: \(ChunkerKind.allCases.map(\.rawValue).joined(separator: "|")).")
    var chunker: ChunkerKind = .sentence

    @Option(name: .customLong("target-size"), help: "Target chunk size in tokens.")
    var targetSize: Int = 200

    /// The index settings these options describe.
    func settings() throws -> IndexSettings {
        IndexSettings(chunker: chunker, targetTokens: targetSize)
    }
}

extension ChunkerKind: ExpressibleByArgument {}
