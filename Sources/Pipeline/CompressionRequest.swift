import Foundation
import QuarryCore

/// What a user asked of compression (`--compression`, `--compress-to`, the request field
/// `compression`, the REPL's `:set compression`): nothing, so ``CompressionPolicy``
/// decides; off; or a target every context is compressed to.
public enum CompressionRequest: Sendable, Equatable {
    /// None named: ``CompressionPolicy`` decides by generator and context size.
    case automatic
    /// Never compress.
    case off
    /// Compress every context to this target, whatever its size.
    case target(CompressionTarget)

    /// Reads `off`, `auto` or a rate from 1 to 20 (`3` keeps about a third).
    /// - Throws: an invalid-input error naming what is accepted.
    public init(parsing text: String) throws {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "off": self = .off
        case "auto": self = .automatic
        default:
            guard let rate = Double(text.trimmingCharacters(in: .whitespaces)), rate.isFinite else {
                throw QuarryError.invalidInput("compression is a rate from 1 to 20 (e.g. 3), off or auto; got \(text)")
            }
            try self.init(rate: rate)
        }
    }

    /// Compress every context to about 1/`rate`.
    /// - Throws: an invalid-input error for a rate outside 1–20.
    public init(rate: Double) throws {
        let target = CompressionTarget.rate(rate)
        try target.validate()
        self = .target(target)
    }

    /// How the setting reads back: `auto`, `off`, `1/3`, `300 tokens`.
    public var description: String {
        switch self {
        case .automatic: "auto"
        case .off: "off"
        case .target(.rate(let rate)): "1/\(rate == rate.rounded() ? String(Int(rate)) : String(rate))"
        case .target(.tokens(let tokens)): "\(tokens) tokens"
        }
    }
}
