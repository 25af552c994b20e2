import ArgumentParser

/// `quarry bench …`: speed and quality figures with the named peer's beside them.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Quarry beside its peer library on the same machine.",
        subcommands: [
            BenchBM25Command.self,
            BenchChunkCommand.self,
            BenchCompressCommand.self,
            BenchDenseCommand.self,
            BenchDenseStoreCommand.self,
            BenchEmbedCommand.self,
            BenchLMCommand.self,
            BenchTokenizeCommand.self,
        ]
    )
}
