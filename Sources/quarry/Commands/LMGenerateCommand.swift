import ArgumentParser
import Foundation
import Models
import QuarryCore

/// `quarry lm generate`: text continuation or a chat answer from the local model.
struct LMGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate text after PROMPT (or answer it as a chat turn with --chat)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The prompt.")
    var prompt: String

    @Flag(name: .long, help: "Wrap PROMPT as a user turn in the model's chat template.")
    var chat = false

    @Option(name: .long, help: "Most tokens to generate.")
    var maxTokens = 128

    @Option(name: .long, help: "Sampling temperature; 0 is greedy.")
    var temperature: Float = 0

    @Option(name: .long, help: "Sample among the k most likely tokens (0: all).")
    var topK = 40

    @Option(name: .long, help: "Nucleus sampling: keep tokens up to this cumulative probability.")
    var topP: Float = 0.95

    @Option(name: .long, help: "Random seed, so a sampled run can be repeated.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "A Llama-family GGUF file instead of the default SmolLM2.")
    var model: String?

    /// The JSON document `--json` prints.
    struct Result: Encodable {
        let text: String
        let token_ids: [Int]
        let tokens_per_second: Double
    }

    func validate() throws {
        guard maxTokens >= 0 else { throw ValidationError("--max-tokens must be 0 or more, not \(maxTokens)") }
        guard temperature >= 0 else { throw ValidationError("--temperature must be 0 or more, not \(temperature)") }
        guard topP > 0, topP <= 1 else { throw ValidationError("--top-p must be in (0, 1], not \(topP)") }
    }

    func run() async throws {
        let decoder = try DecoderLoader.load(model)
        let text = chat ? try decoder.chatTemplate.render([ChatMessage(role: "user", content: prompt)]) : prompt
        let promptIds = decoder.tokenizer.encode(text, parseSpecial: chat)
        let sampling = SamplingParameters(temperature: temperature, topK: topK, topP: topP, seed: seed)
        let streams = !global.json
        var pending: [UInt8] = []
        let clock = ContinuousClock()
        let start = clock.now
        let ids = try decoder.generate(prompt: promptIds, maxTokens: maxTokens, sampling: sampling) { id in
            if streams {
                pending += decoder.tokenizer.bytes(of: id)
                if let piece = String(validating: pending, as: UTF8.self) {
                    FileHandle.standardOutput.write(Data(piece.utf8))
                    pending.removeAll()
                }
            }
            return true
        }
        let seconds = (clock.now - start).seconds
        let result = Result(text: decoder.tokenizer.decode(ids), token_ids: ids,
                            tokens_per_second: seconds > 0 ? Double(ids.count) / seconds : 0)
        if global.json {
            try Output.json(result)
        } else {
            print("")
            Output.status(String(format: "%d tokens, %.1f tokens/s", ids.count, result.tokens_per_second))
        }
    }
}
