/// The kinds of files Quarry can read, recognised by file extension.
public enum DocumentFormat: String, Sendable, CaseIterable {
    /// Plain UTF-8 text (`.txt`, `.text`).
    case text
    /// Markdown, kept as its UTF-8 source text (`.md`, `.markdown`).
    case markdown
    /// HTML or XHTML, reduced to its readable text (`.html`, `.htm`, `.xhtml`).
    case html
    /// PDF, through poppler's `pdftotext` (`.pdf`).
    case pdf
    /// A BEIR corpus: one JSON object per line with `_id`, `title` and `text` (`.jsonl`).
    case jsonl

    /// The format for a file extension (without the dot, any case), or nil if unsupported.
    public init?(fileExtension: String) {
        let lowered = fileExtension.lowercased()
        guard let format = Self.allCases.first(where: { $0.fileExtensions.contains(lowered) }) else {
            return nil
        }
        self = format
    }

    /// The extensions (lowercase, without the dot) that select this format.
    public var fileExtensions: [String] {
        switch self {
        case .text: ["txt", "text"]
        case .markdown: ["md", "markdown"]
        case .html: ["html", "htm", "xhtml"]
        case .pdf: ["pdf"]
        case .jsonl: ["jsonl"]
        }
    }

    /// Every supported extension as ".txt, .text, …", for error messages.
    static var supportedExtensionList: String {
        allCases.flatMap(\.fileExtensions).map { "." + $0 }.joined(separator: ", ")
    }
}
