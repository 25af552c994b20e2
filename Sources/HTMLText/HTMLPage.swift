/// An HTML page reduced to readable text.
public struct HTMLPage: Sendable, Equatable {
    /// The `<title>`, else the first `<h1>`, white space collapsed; nil if neither has text.
    public var title: String?
    /// Paragraphs separated by blank lines; may be empty when the page has no text.
    public var text: String

    /// Creates a page.
    public init(title: String?, text: String) {
        self.title = title
        self.text = text
    }
}
