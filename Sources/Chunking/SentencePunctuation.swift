/// The characters that end, close, open and separate sentences, in every script the
/// splitter knows.
enum SentencePunctuation {
    /// How a sentence-ending mark decides whether it really ends a sentence.
    enum Terminator {
        /// `.`: ends a sentence only before whitespace, and not after an abbreviation,
        /// an initial or a dotted acronym, nor before a lowercase word.
        case period
        /// `!`, `?`, `…` and the like: end a sentence before whitespace unless a
        /// lowercase word follows.
        case spaced
        /// CJK full stops and marks (`。！？`): end a sentence at once, no space needed.
        case immediate
    }

    static func terminator(_ scalar: Unicode.Scalar) -> Terminator? {
        switch scalar.value {
        case 0x2E: .period
        case 0x21, 0x3F, 0x2026, 0x203C, 0x2047, 0x2048, 0x2049,
             0x061F, 0x06D4, 0x0964, 0x0965: .spaced
        case 0x3002, 0xFF01, 0xFF1F, 0xFF61: .immediate
        default: nil
        }
    }

    /// Closing quotes and brackets that stay with the sentence they follow.
    static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0x2019, 0x201D, 0xBB, 0x203A,
             0x300D, 0x300F, 0xFF09, 0xFF3D, 0xFF5D, 0x3011, 0x3015, 0x3009, 0x300B,
             0x3017, 0x3019, 0x301B, 0xFF02, 0xFF07:
            true
        default:
            false
        }
    }

    /// Opening quotes and brackets that may precede the first word of a sentence.
    static func isOpener(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x22, 0x27, 0x28, 0x5B, 0x7B, 0x2018, 0x201C, 0xAB, 0x2039, 0xBF, 0xA1,
             0x300C, 0x300E, 0xFF08, 0xFF3B, 0x3010, 0x3014, 0x3008, 0x300A:
            true
        default:
            false
        }
    }

    /// Unicode white space (ASCII blanks, NBSP, the U+2000 spaces, ideographic space…).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        return scalar.properties.isWhitespace
    }
}
