/// How a BEIR record's `title` and `text` become one document's text: the title, a
/// blank line, then the body, both normalised (LF line ends, NFC); the body alone when
/// the title is blank. Evaluation uses the same layout to turn a dataset's character
/// offsets into the byte offsets citations and chunks use.
public struct BEIRDocumentText: Sendable, Equatable {
    /// The document's text as indexed.
    public let text: String
    /// The byte offset in ``text`` where the normalised body begins.
    public let bodyStart: Int
    /// The normalised title; nil when blank.
    public let title: String?
    /// The normalised body (``text`` from ``bodyStart`` on).
    public let body: String

    /// The layout of a record; nil when title and text are both blank (nothing to index).
    public init?(title: String?, text: String) {
        let normalizedTitle = title.map(Self.normalize).flatMap { $0.isBlank ? nil : $0 }
        let normalizedBody = Self.normalize(text)
        guard normalizedTitle != nil || !normalizedBody.isBlank else { return nil }
        self.title = normalizedTitle
        body = normalizedBody
        if let normalizedTitle {
            let body = normalizedBody.isBlank ? "" : "\n\n" + normalizedBody
            self.text = normalizedTitle + body
            bodyStart = normalizedBody.isBlank ? self.text.utf8.count : normalizedTitle.utf8.count + 2
        } else {
            self.text = normalizedBody
            bodyStart = 0
        }
    }

    /// `field` with LF line ends and in NFC.
    public static func normalize(_ field: String) -> String {
        var copy = field
        return copy.withUTF8 { TextNormalization.normalizedText(fromValidUTF8: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Whether the string has no characters other than white space.
    var isBlank: Bool {
        !unicodeScalars.contains { !$0.properties.isWhitespace }
    }
}
