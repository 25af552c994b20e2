import Pipeline
@testable import quarry
import Testing

/// Every ``StageChoice`` field can be set from `quarry ask` and `quarry eval qa`.
@Suite("Stage choice on the command line")
struct StageChoiceArgumentsTests {
    /// A value other than the default for each field of `StageChoice`, as options. A
    /// field added to `StageChoice` without an entry here fails the test below, so it
    /// cannot ship without an option.
    static let options: [String: [String]] = [
        "selector": ["--selector", "mcts"],
        "compression": ["--compression", "3"],
        "compressionMethod": ["--compression-method", "live"],
        "generator": ["--generator", "openai"],
        "retriever": ["--retriever", "bm25"],
    ]

    /// Guards against a field with no option, or an option that does not reach the
    /// choice the command builds its pipeline from: each field of `StageChoice`, found
    /// by reflection, set alone, changes the command's choice.
    @Test func everyStageChoiceFieldIsReachableFromAskAndEvalQA() throws {
        let defaults = StageChoice()
        let labels = Mirror(reflecting: defaults).children.compactMap(\.label)
        #expect(Set(labels) == Set(Self.options.keys), "the table lists exactly StageChoice's fields")
        for field in labels {
            let option = try #require(Self.options[field], "StageChoice.\(field) has no option; add one")
            let ask = try AskCommand.parse(["a question"] + option).choice
            // eval qa's generator default is `none`: compare with its own defaults.
            let evalDefaults = try EvalQACommand.parse(["folder"]).choice
            let eval = try EvalQACommand.parse(["folder"] + option).choice
            #expect(Self.value(field, of: ask) != Self.value(field, of: defaults), "ask dropped \(option)")
            #expect(Self.value(field, of: eval) != Self.value(field, of: evalDefaults), "eval qa dropped \(option)")
        }
    }

    /// The field named `label` of `choice`, as text.
    static func value(_ label: String, of choice: StageChoice) -> String {
        String(describing: Mirror(reflecting: choice).children.first { $0.label == label }?.value)
    }
}
