import ArgumentParser

/// `quarry eval …`: quality figures on evaluation sets.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval quality on a BEIR folder, or the query pipeline on a QA folder.",
        subcommands: [EvalRetrievalCommand.self, EvalQACommand.self]
    )
}
