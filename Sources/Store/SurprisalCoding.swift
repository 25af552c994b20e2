import Foundation
import QuarryCore

/// How a chunk's per-token surprisal is stored: token starts as LEB128 varints of the
/// gaps between them (1 byte per token for tokens under 128 bytes), surprisal as one
/// byte per token in steps of `step` nats (0 … 25.5 nats; larger values are clamped,
/// rounding errs by at most step/2 = 0.05 nats below the clamp).
public enum SurprisalCoding {
    /// Nats per quantisation step.
    public static let step: Float = 0.1

    /// The two blobs of `surprisal`: delta-coded starts and quantised nats.
    public static func encode(_ surprisal: TokenSurprisal) -> (starts: Data, nats: Data) {
        var starts = Data()
        starts.reserveCapacity(surprisal.tokenStarts.count)
        var previous = 0
        for start in surprisal.tokenStarts {
            var gap = UInt64(max(0, start - previous))
            previous = start
            repeat {
                let low = UInt8(gap & 0x7F)
                gap >>= 7
                starts.append(gap == 0 ? low : low | 0x80)
            } while gap != 0
        }
        let nats = Data(surprisal.nats.map { value -> UInt8 in
            guard value.isFinite else { return value > 0 ? 255 : 0 }
            return UInt8(min(255, max(0, (value / step).rounded())))
        })
        return (starts, nats)
    }

    /// The surprisal stored as `starts` and `nats`, or nil when the blobs do not agree
    /// (different token counts, a varint cut short): a damaged row reads as absent.
    public static func decode(starts: Data, nats: Data) -> TokenSurprisal? {
        var tokenStarts: [Int] = []
        tokenStarts.reserveCapacity(nats.count)
        var position = 0, gap: UInt64 = 0, shift: UInt64 = 0
        for byte in starts {
            guard shift < 63 else { return nil }
            gap |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                position += Int(gap)
                tokenStarts.append(position)
                gap = 0
                shift = 0
            } else {
                shift += 7
            }
        }
        guard shift == 0, tokenStarts.count == nats.count else { return nil }
        return TokenSurprisal(tokenStarts: tokenStarts, nats: nats.map { Float($0) * step })
    }
}
