import ArgumentParser

/// `quarry lm …`: the local causal language model (SmolLM2 by default).
struct LMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lm",
        abstract: "Score or generate text with the local causal language model.",
        subcommands: [LMScoreCommand.self, LMGenerateCommand.self]
    )
}
