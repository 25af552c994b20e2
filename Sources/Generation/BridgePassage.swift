import Foundation
import QuarryCore

/// The second hop of a multi-hop question: a context passage from another document
/// whose title the best passage names ("…in honour of Michael Jackson (writer)…" → the
/// passage titled "Michael Jackson (writer)"). Its answer is usually there, in a
/// sentence that shares few words with the question, so no closeness to the best
/// sentence's score would admit it. Measured on `multihop-dev` (docs/methods/generation.md);
/// it never fires where every passage comes from one document or one title (SQuAD's
/// article, a single paper).
public enum BridgePassage {
    /// The indices (into `context`) of the passages the passage at `from` bridges to,
    /// best-ranked first: another document, another title, and that title (without a
    /// trailing parenthesis such as "(writer)") named in `from`'s text as whole words.
    public static func targets(from: Int, in context: [ContextPassage]) -> [Int] {
        let source = context[from]
        let text = source.text
        return context.indices.filter { index in
            let chunk = context[index].chunk
            guard index != from, chunk.document != source.chunk.document, let title = chunk.title,
                title != source.chunk.title
            else { return false }
            let name = name(of: title)
            return name.count >= minimumNameLength && names(text, name)
        }
    }

    /// Titles shorter than this ("Art", "It") match too much prose to mean a bridge.
    static let minimumNameLength = 4

    /// `title` without a trailing parenthesised qualifier, trimmed.
    static func name(of title: String) -> String {
        var name = Substring(title)
        if name.hasSuffix(")"), let open = name.lastIndex(of: "(") { name = name[..<open] }
        return name.trimmingCharacters(in: .whitespaces)
    }

    /// Whether `text` holds `name` (case-insensitive) bounded by non-letters on both sides.
    static func names(_ text: String, _ name: String) -> Bool {
        var searched = text.startIndex..<text.endIndex
        while let found = text.range(of: name, options: [.caseInsensitive], range: searched) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if before.map({ !$0.isLetter && !$0.isNumber }) ?? true, after.map({ !$0.isLetter && !$0.isNumber }) ?? true {
                return true
            }
            searched = found.upperBound..<text.endIndex
        }
        return false
    }
}
