/// One document's extracted text; a file holds one document, or many for a BEIR corpus.
public struct LoadedDocument: Sendable, Equatable {
    /// The corpus's own identifier (BEIR `_id`) for JSONL records; nil for one-document files.
    public var externalID: String?
    /// Best-effort title: HTML `<title>` or first `<h1>`, BEIR `title`, a Markdown
    /// heading, or the first line of text.
    public var title: String?
    /// The extracted text, NFC-normalised with LF line ends; citations are UTF-8 byte
    /// offsets into it.
    public var text: String

    /// Creates a document.
    public init(externalID: String? = nil, title: String?, text: String) {
        self.externalID = externalID
        self.title = title
        self.text = text
    }
}
