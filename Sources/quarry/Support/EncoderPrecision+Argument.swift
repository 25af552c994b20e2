import ArgumentParser
import Models

/// `--encoder-precision fp32|bf16` on the commands that embed.
extension EncoderPrecision: ExpressibleByArgument {
    /// The option's help text, shared by every command that takes it.
    static let optionHelp = ArgumentHelp(
        "Number format of the encoder's linear layers (default: \(environmentVariable), else the fastest this CPU "
            + "runs).")
}
