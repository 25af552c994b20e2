/// A word being stemmed by a Snowball algorithm: its characters (Unicode scalar
/// values, so a non-ASCII letter counts as one consonant, as in libstemmer's UTF-8
/// stemmers) and the start of its regions R1 and R2.
struct SnowballWord {
    /// The characters of the word; steps only ever change its end.
    var characters: [UInt32]
    /// Start of region R1 (the word's length when R1 is empty).
    var r1 = 0
    /// Start of region R2 (the word's length when R2 is empty).
    var r2 = 0

    init(_ word: String) {
        characters = []
        characters.reserveCapacity(word.utf8.count + 2)
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in word.utf8 { characters.append(UInt32(byte)) }
        } else {
            for scalar in word.unicodeScalars { characters.append(scalar.value) }
        }
    }

    var count: Int { characters.count }

    var string: String {
        String(unsafeUninitializedCapacity: characters.count * 4) { buffer in
            var length = 0
            for character in characters {
                UTF8.encode(Unicode.Scalar(character)!) { byte in
                    buffer[length] = byte
                    length += 1
                }
            }
            return length
        }
    }

    subscript(index: Int) -> UInt32 {
        get { characters[index] }
        set { characters[index] = newValue }
    }

    /// True when `character` is one of `a e i o u y` (the Snowball English vowels;
    /// an upper-case `Y` marks a consonant y).
    static func isVowel(_ character: UInt32) -> Bool {
        switch character {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: true
        default: false
        }
    }

    /// True when the characters before `end` end with `suffix`.
    func hasSuffix(_ suffix: [UInt32], before end: Int) -> Bool {
        let length = suffix.count
        guard length <= end else { return false }
        let start = end - length
        for offset in 0..<length where characters[start + offset] != suffix[offset] { return false }
        return true
    }

    /// True when the characters before `end` end with the ASCII `suffix`.
    func hasSuffix(_ suffix: StaticString, before end: Int? = nil) -> Bool {
        let end = end ?? count
        let length = suffix.utf8CodeUnitCount
        guard length <= end else { return false }
        let start = end - length
        return suffix.withUTF8Buffer { bytes in
            for offset in 0..<length where characters[start + offset] != UInt32(bytes[offset]) {
                return false
            }
            return true
        }
    }

    /// True when the word starts with the ASCII `prefix`.
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard length <= count else { return false }
        return prefix.withUTF8Buffer { bytes in
            for offset in 0..<length where characters[offset] != UInt32(bytes[offset]) {
                return false
            }
            return true
        }
    }

    /// True when a vowel occurs before index `end`.
    func containsVowel(before end: Int) -> Bool {
        characters[0..<end].contains(where: Self.isVowel)
    }

    /// Replaces the last `length` characters with the ASCII `replacement`.
    mutating func replaceSuffix(length: Int, with replacement: StaticString) {
        characters.removeLast(length)
        replacement.withUTF8Buffer { bytes in
            for byte in bytes { characters.append(UInt32(byte)) }
        }
    }

    /// Removes the last `length` characters.
    mutating func removeSuffix(length: Int) {
        characters.removeLast(length)
    }
}
