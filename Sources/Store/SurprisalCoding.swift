import Foundation
import QuarryCore

/// How a chunk's per-token surprisal is stored: token starts as `LEB128` varints of the
/// gaps between them (1 byte per token for tokens under 128 bytes), surprisal as one
/// byte per token in steps of `step` nats (0 … 25.5 nats; larger values are clamped,
/// rounding errs by at most step/2 = 0.05 nats below the clamp).
public enum SurprisalCoding {
    /// Nats per quantisation step.
    public static let step: Float = 0.1

    /// The two blobs of `surprisal`: delta-coded starts and quantised nats.
    public static func encode(_ surprisal: TokenSurprisal) -> (starts: Data, nats: Data) {
        var starts: [UInt8] = []
        starts.reserveCapacity(surprisal.tokenStarts.count)
        var previous = 0
        for start in surprisal.tokenStarts {
            LEB128.append(UInt64(max(0, start - previous)), to: &starts)
            previous = start
        }
        let nats = Data(surprisal.nats.map { value -> UInt8 in
            guard value.isFinite else { return value > 0 ? 255 : 0 }
            return UInt8(min(255, max(0, (value / step).rounded())))
        })
        return (Data(starts), nats)
    }

    /// The surprisal stored as `starts` and `nats`, or nil when the blobs do not agree
    /// (different token counts, a varint cut short): a damaged row reads as absent.
    public static func decode(starts: Data, nats: Data) -> TokenSurprisal? {
        var tokenStarts: [Int] = []
        tokenStarts.reserveCapacity(nats.count)
        let whole = starts.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var position = 0, start = 0
            while position < bytes.count {
                guard let gap = LEB128.read(bytes, at: &position) else { return false }
                start += Int(gap)
                tokenStarts.append(start)
            }
            return true
        }
        guard whole, tokenStarts.count == nats.count else { return nil }
        return TokenSurprisal(tokenStarts: tokenStarts, nats: nats.map { Float($0) * step })
    }
}
