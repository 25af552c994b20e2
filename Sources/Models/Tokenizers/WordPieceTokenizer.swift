import Foundation

/// BERT's tokenizer: the basic tokenizer (clean-up, CJK splitting, lower-casing with
/// accent stripping, punctuation splitting) then greedy longest-match WordPiece with
/// `##` continuations, as Hugging Face's `BertTokenizer` does.
public struct WordPieceTokenizer: Sendable {
    /// Token ids by vocabulary entry.
    public let vocabulary: [String: Int]
    /// Whether text is lower-cased and stripped of accents first.
    public let lowercase: Bool
    /// Id of `[CLS]`, put before every sequence.
    public let classifyId: Int
    /// Id of `[SEP]`, put after every sequence.
    public let separatorId: Int
    /// Id of `[UNK]`, for words WordPiece cannot cover.
    public let unknownId: Int
    /// Id of `[PAD]`.
    public let padId: Int
    /// Words longer than this many characters become `[UNK]`.
    public let maxCharactersPerWord = 100

    /// Reads `vocab.txt` (one entry per line, id = line number).
    public init(vocabularyFile path: String, lowercase: Bool = true) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ModelError("\(path): cannot read the WordPiece vocabulary; run Deploy/fetch-models.sh or pass a BERT folder with vocab.txt")
        }
        var vocabulary: [String: Int] = [:]
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for (id, line) in lines.enumerated() {
            let token = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if vocabulary[token] == nil { vocabulary[token] = id }
        }
        try self.init(vocabulary: vocabulary, lowercase: lowercase, source: path)
    }

    /// Builds a tokenizer from an in-memory vocabulary that holds the four special tokens.
    public init(vocabulary: [String: Int], lowercase: Bool = true, source: String = "vocabulary") throws {
        func id(_ token: String) throws -> Int {
            guard let id = vocabulary[token] else { throw ModelError("\(source): has no \(token) entry") }
            return id
        }
        self.vocabulary = vocabulary
        self.lowercase = lowercase
        classifyId = try id("[CLS]")
        separatorId = try id("[SEP]")
        unknownId = try id("[UNK]")
        padId = try id("[PAD]")
    }

    /// Token ids of `text` wrapped in `[CLS]` … `[SEP]`, cut to at most `maxLength` ids
    /// in all (the special tokens included) when given.
    public func encode(_ text: String, maxLength: Int? = nil) -> [Int] {
        var ids = wordPieces(of: text)
        if let maxLength, ids.count > maxLength - 2 { ids.removeLast(ids.count - max(0, maxLength - 2)) }
        return [classifyId] + ids + [separatorId]
    }

    /// WordPiece ids of `text` without special tokens.
    public func wordPieces(of text: String) -> [Int] {
        var ids: [Int] = []
        for word in basicTokens(of: text) { appendWordPieces(of: word, to: &ids) }
        return ids
    }

    /// The basic tokenizer's words: cleaned, CJK-split, normalised, split on white space
    /// and punctuation.
    func basicTokens(of text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0 || v == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if Self.isCJK(v) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        var normalized = String(cleaned)
        if lowercase {
            // Hugging Face strips accents (NFD, drop non-spacing marks) before lower-casing.
            var stripped = String.UnicodeScalarView()
            for scalar in normalized.decomposedStringWithCanonicalMapping.unicodeScalars
            where scalar.properties.generalCategory != .nonspacingMark {
                stripped.append(scalar)
            }
            normalized = String(stripped).lowercased()
        }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
        }
        for scalar in normalized.unicodeScalars {
            if scalar.properties.isWhitespace {
                flush()
            } else if Self.isPunctuation(scalar) {
                flush()
                words.append(String(scalar))
            } else {
                current.append(scalar)
            }
        }
        flush()
        return words
    }

    private func appendWordPieces(of word: String, to ids: inout [Int]) {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count <= maxCharactersPerWord else {
            ids.append(unknownId)
            return
        }
        var pieces: [Int] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: Int?
            while start < end {
                var piece = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { piece = "##" + piece }
                if let id = vocabulary[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.append(unknownId)
                return
            }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces)
    }

    /// Hugging Face's `_is_control`: categories Cc, Cf, Cn, Co, Cs except tab/newline/return.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// Hugging Face's `_is_whitespace`: space, tab, newline, return, or category Zs.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.generalCategory == .spaceSeparator
    }

    /// ASCII punctuation (including symbols such as `$` and `^`) or any Unicode P* category.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT pads with spaces.
    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v)
            || (0x2B820...0x2CEAF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x2F800...0x2FA1F).contains(v)
    }
}
