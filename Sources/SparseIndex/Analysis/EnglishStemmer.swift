/// The Snowball English stemmer ("Porter2"), as in Snowball 3.x and PyStemmer's
/// `Stemmer.Stemmer("english")`, including its exception lists.
///
/// Expects a lower-case word. Words shorter than three characters come back
/// unchanged; non-ASCII characters count as consonants.
public struct EnglishStemmer: Sendable {
    public init() {}

    /// The stem of `word`, e.g. `"generously"` → `"generous"`, `"skies"` → `"sky"`.
    public func stem(_ word: String) -> String {
        if (3...6).contains(word.utf8.count), let exception = Self.exceptions[word] { return exception }
        var word = SnowballWord(word)
        guard word.count >= 3 else { return word.string }
        let foundY = Self.prelude(&word)
        Self.markRegions(&word)
        Self.step1a(&word)
        Self.step1b(&word)
        Self.step1c(&word)
        Self.step2(&word)
        Self.step3(&word)
        Self.step4(&word)
        Self.step5(&word)
        if foundY {
            for index in 0..<word.count where word[index] == Self.upperY { word[index] = Self.y }
        }
        return word.string
    }

    /// Whole words with a fixed stem (Snowball's `exception1`).
    private static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "idly": "idl", "gently": "gentl", "ugly": "ugli",
        "early": "earli", "only": "onli", "singly": "singl",
        "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos",
        "bias": "bias", "andes": "andes",
    ]

    private static let y = Unicode.Scalar("y").value
    private static let upperY = Unicode.Scalar("Y").value

    private static func character(_ scalar: Unicode.Scalar) -> UInt32 { scalar.value }

    /// Drops a leading apostrophe and marks consonant y's as `Y`; returns whether any was.
    private static func prelude(_ word: inout SnowballWord) -> Bool {
        if word[0] == character("'") { word.characters.removeFirst() }
        guard word.count > 0 else { return false }
        var foundY = false
        if word[0] == y {
            word[0] = upperY
            foundY = true
        }
        for index in word.characters.indices.dropFirst() where word[index] == y && SnowballWord.isVowel(word[index - 1]) {
            word[index] = upperY
            foundY = true
        }
        return foundY
    }

    /// Prefixes after which R1 starts, whatever the usual rule says.
    private static let regionPrefixes: [StaticString] = [
        "arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers",
    ]

    /// R1 starts after the first non-vowel that follows a vowel; R2 is R1 of R1.
    private static func markRegions(_ word: inout SnowballWord) {
        word.r1 = word.count
        word.r2 = word.count
        if let prefix = regionPrefixes.first(where: { word.hasPrefix($0) }) {
            word.r1 = prefix.utf8CodeUnitCount
        } else if let start = regionStart(in: word, from: 0) {
            word.r1 = start
        } else {
            return
        }
        if let start = regionStart(in: word, from: word.r1) { word.r2 = start }
    }

    /// The index after the first vowel-then-non-vowel pair at or after `from`.
    private static func regionStart(in word: SnowballWord, from: Int) -> Int? {
        var index = from
        while index < word.count, !SnowballWord.isVowel(word[index]) { index += 1 }
        while index < word.count, SnowballWord.isVowel(word[index]) { index += 1 }
        return index < word.count ? index + 1 : nil
    }

    /// A short syllable ends at `end`: non-vowel, vowel, non-vowel other than w, x, Y;
    /// or a vowel then a non-vowel at the start of the word; or "past".
    private static func endsInShortSyllable(_ word: SnowballWord, at end: Int) -> Bool {
        if end >= 3, !isVowelOrWXY(word[end - 1]), SnowballWord.isVowel(word[end - 2]),
           !SnowballWord.isVowel(word[end - 3]) {
            return true
        }
        if end == 2, !SnowballWord.isVowel(word[1]), SnowballWord.isVowel(word[0]) { return true }
        return word.hasSuffix("past", before: end)
    }

    private static func isVowelOrWXY(_ character: UInt32) -> Bool {
        SnowballWord.isVowel(character) || character == Self.character("w")
            || character == Self.character("x") || character == upperY
    }

    /// Possessives and plurals: `'s`, `sses` → `ss`, `ies` → `i`/`ie`, `s` after a vowel.
    private static func step1a(_ word: inout SnowballWord) {
        for suffix: StaticString in ["'s'", "'s", "'"] where word.hasSuffix(suffix) {
            word.removeSuffix(length: suffix.utf8CodeUnitCount)
            break
        }
        if word.hasSuffix("sses") {
            word.replaceSuffix(length: 4, with: "ss")
        } else if word.hasSuffix("ied") || word.hasSuffix("ies") {
            if word.count - 3 >= 2 {
                word.replaceSuffix(length: 3, with: "i")
            } else {
                word.replaceSuffix(length: 3, with: "ie")
            }
        } else if word.hasSuffix("ss") || word.hasSuffix("us") {
            return
        } else if word.hasSuffix("s"), word.count >= 2, word.containsVowel(before: word.count - 2) {
            word.removeSuffix(length: 1)
        }
    }

    private enum Step1bKind { case eed, ed, ing }

    private static let step1bSuffixes = SuffixTable<Step1bKind>([
        ("eedly", .eed), ("ingly", .ed), ("edly", .ed), ("eed", .eed), ("ing", .ing), ("ed", .ed),
    ])

    private enum IngStem { case keepsIng, consonantY }

    /// Stems before "ing": whole words that keep it ("inning", "outing", "evening", …)
    /// and a consonant + y ("dying" → "die").
    private static let ingStems = SuffixTable<IngStem>([
        ("even", .keepsIng), ("cann", .keepsIng), ("earr", .keepsIng), ("herr", .keepsIng),
        ("inn", .keepsIng), ("out", .keepsIng), ("y", .consonantY),
    ])

    /// `eed`/`eedly` → `ee` in R1; `ed`, `edly`, `ing`, `ingly` go after a vowel,
    /// then the stem is tidied (`at` → `ate`, double consonants undoubled, short → `+e`).
    private static func step1b(_ word: inout SnowballWord) {
        guard let (length, kind) = step1bSuffixes.longestMatch(in: word) else { return }
        let start = word.count - length
        switch kind {
        case .eed:
            guard start >= word.r1 else { return }
            if start == 4, word.hasPrefix("succ") || word.hasPrefix("proc") { return }
            if start == 3, word.hasPrefix("exc") { return }
            word.replaceSuffix(length: length, with: "ee")
            return
        case .ing:
            switch ingStems.longestMatch(in: word, before: start) {
            case (let stemLength, .keepsIng)? where stemLength == start:
                return
            case (_, .consonantY)? where start == 2 && !SnowballWord.isVowel(word[0]):
                word.replaceSuffix(length: length + 1, with: "ie")
                return
            default:
                break
            }
        case .ed:
            break
        }
        guard word.containsVowel(before: start) else { return }
        word.removeSuffix(length: length)
        if word.hasSuffix("at") || word.hasSuffix("bl") || word.hasSuffix("iz") {
            word.replaceSuffix(length: 0, with: "e")
        } else if let last = word.characters.last, word.count >= 2, word[word.count - 2] == last,
                  isUndoubled(last) {
            if word.count == 3, word[0] == character("a") || word[0] == character("e") || word[0] == character("o") {
                return
            }
            word.removeSuffix(length: 1)
        } else if word.count == word.r1, endsInShortSyllable(word, at: word.count) {
            word.replaceSuffix(length: 0, with: "e")
        }
    }

    /// Letters whose double is undoubled in step 1b: b d f g m n p r t.
    private static func isUndoubled(_ character: UInt32) -> Bool {
        switch Unicode.Scalar(character) {
        case "b", "d", "f", "g", "m", "n", "p", "r", "t": true
        default: false
        }
    }

    /// Letters before which `li` is deleted in step 2: c d e g h k m n r t.
    private static func isValidBeforeLi(_ character: UInt32) -> Bool {
        switch Unicode.Scalar(character) {
        case "c", "d", "e", "g", "h", "k", "m", "n", "r", "t": true
        default: false
        }
    }

    /// Final `y`/`Y` after a non-vowel that is not the first letter → `i`.
    private static func step1c(_ word: inout SnowballWord) {
        let count = word.count
        guard count >= 3, word[count - 1] == y || word[count - 1] == upperY,
              !SnowballWord.isVowel(word[count - 2]) else { return }
        word.replaceSuffix(length: 1, with: "i")
    }

    private enum Step2Rule { case replace(StaticString), ogi, li }

    private static let step2Suffixes = SuffixTable<Step2Rule>([
        ("ational", .replace("ate")), ("ization", .replace("ize")), ("iveness", .replace("ive")),
        ("fulness", .replace("ful")), ("ousness", .replace("ous")),
        ("tional", .replace("tion")), ("biliti", .replace("ble")), ("lessli", .replace("less")),
        ("fulli", .replace("ful")), ("ousli", .replace("ous")), ("entli", .replace("ent")),
        ("aliti", .replace("al")), ("iviti", .replace("ive")), ("alism", .replace("al")),
        ("ation", .replace("ate")), ("ogist", .replace("og")),
        ("enci", .replace("ence")), ("anci", .replace("ance")), ("abli", .replace("able")),
        ("alli", .replace("al")), ("izer", .replace("ize")), ("ator", .replace("ate")),
        ("bli", .replace("ble")), ("ogi", .ogi), ("li", .li),
    ])

    /// Derivational suffixes in R1: `ational` → `ate`, `fulness` → `ful`, ….
    private static func step2(_ word: inout SnowballWord) {
        guard let (length, rule) = step2Suffixes.longestMatch(in: word) else { return }
        let start = word.count - length
        guard start >= word.r1 else { return }
        switch rule {
        case .replace(let replacement):
            word.replaceSuffix(length: length, with: replacement)
        case .ogi:
            guard start >= 1, word[start - 1] == character("l") else { return }
            word.replaceSuffix(length: length, with: "og")
        case .li:
            guard start >= 1, isValidBeforeLi(word[start - 1]) else { return }
            word.removeSuffix(length: length)
        }
    }

    private enum Step3Rule { case replace(StaticString), deleteInR2 }

    private static let step3Suffixes = SuffixTable<Step3Rule>([
        ("ational", .replace("ate")), ("tional", .replace("tion")),
        ("icate", .replace("ic")), ("ative", .deleteInR2), ("alize", .replace("al")),
        ("iciti", .replace("ic")), ("ical", .replace("ic")), ("ness", .replace("")),
        ("ful", .replace("")),
    ])

    /// More derivational suffixes in R1: `icate` → `ic`, `ness` → ``, `ative` in R2 → ``.
    private static func step3(_ word: inout SnowballWord) {
        guard let (length, rule) = step3Suffixes.longestMatch(in: word) else { return }
        let start = word.count - length
        guard start >= word.r1 else { return }
        switch rule {
        case .replace(let replacement):
            word.replaceSuffix(length: length, with: replacement)
        case .deleteInR2:
            guard start >= word.r2 else { return }
            word.removeSuffix(length: length)
        }
    }

    private static let step4Suffixes = SuffixTable<Bool>(
        ["ement", "ance", "ence", "able", "ible", "ment", "ate", "ive", "ize", "iti", "ism", "ous", "ant",
         "ent", "ic", "al", "er"].map { ($0, false) } + [("ion", true)])

    /// Suffixes deleted in R2 (`ion` only after `s` or `t`).
    private static func step4(_ word: inout SnowballWord) {
        guard let (length, afterSOrT) = step4Suffixes.longestMatch(in: word) else { return }
        let start = word.count - length
        guard start >= word.r2 else { return }
        if afterSOrT {
            guard start >= 1, word[start - 1] == character("s") || word[start - 1] == character("t")
            else { return }
        }
        word.removeSuffix(length: length)
    }

    /// Final `e` in R2, or in R1 unless after a short syllable; `ll` in R2 → `l`.
    private static func step5(_ word: inout SnowballWord) {
        guard let last = word.characters.last else { return }
        let start = word.count - 1
        if last == character("e") {
            if start >= word.r2 || (start >= word.r1 && !endsInShortSyllable(word, at: start)) {
                word.removeSuffix(length: 1)
            }
        } else if last == character("l"), start >= word.r2, start >= 1, word[start - 1] == character("l") {
            word.removeSuffix(length: 1)
        }
    }
}
