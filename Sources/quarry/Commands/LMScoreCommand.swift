import ArgumentParser
import Foundation
import Models
import QuarryCore

/// `quarry lm score`: per-token log-probabilities and perplexity of a text.
struct LMScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Per-token log-probabilities of a text (no BOS added): logprobs[i] = log p(token i+1 | tokens 0…i).",
        discussion: """
            A text longer than the model's context (8,192 tokens for SmolLM2) is scored in windows of the \
            context that advance by --stride tokens: each token is then predicted from the tokens of its \
            window before it (at least context − stride of them), never from a position past the trained context.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The text to score.")
    var text: String?

    @Option(name: .long, help: "Score the whole content of this UTF-8 file instead.")
    var file: String?

    @Option(name: .long, help: "A Llama-family GGUF file instead of the default SmolLM2.")
    var model: String?

    @Option(name: .long, help: "Tokens each scoring window advances past the context (default: half the context).")
    var stride: Int?

    /// The JSON document `--json` prints.
    struct Result: Encodable {
        let token_ids: [Int]
        let logprobs: [Float]
        let perplexity: Double?
        let tokens_per_second: Double
    }

    func run() async throws {
        let input: String
        if let file {
            guard let content = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("--file \(file): cannot read it as UTF-8 text")
            }
            input = content
        } else if let text {
            input = text
        } else {
            throw ValidationError("nothing to score: give TEXT or --file FILE")
        }
        let decoder = try DecoderLoader.load(model)
        let ids = decoder.tokenizer.encode(input)
        let clock = ContinuousClock()
        let start = clock.now
        let context = decoder.configuration.contextLength
        if let stride, !(1..<context).contains(stride) {
            throw ValidationError("--stride \(stride): use 1…\(context - 1), below the model's context of \(context) tokens")
        }
        let scores = try decoder.score(ids, stride: stride)
        let seconds = (clock.now - start).seconds
        let perplexity = scores.logProbabilities.isEmpty ? nil : scores.perplexity
        let result = Result(token_ids: ids, logprobs: scores.logProbabilities, perplexity: perplexity,
                            tokens_per_second: seconds > 0 ? Double(ids.count) / seconds : 0)
        if global.json {
            try Output.json(result)
        } else {
            print("tokens: \(ids.count)  perplexity: \(perplexity.map { String(format: "%.3f", $0) } ?? "n/a (fewer than 2 tokens)")  tokens/s: \(String(format: "%.1f", result.tokens_per_second))")
        }
    }
}
