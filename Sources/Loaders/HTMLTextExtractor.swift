import CHTMLTree

/// Reduces an HTML page to its readable text with libxml2's HTML parser: content,
/// headings and code stay; scripts, styles, comments and navigation go.
///
/// Headings, paragraphs, list items and table rows become paragraphs of their own,
/// table cells are joined by " | ", `<pre>` keeps its white space, and inline white
/// space collapses. Navigation is any `nav`, page-level `header`/`footer` (outside
/// `article`, `main` and `section`), elements with a navigation role or class (such
/// as the PostgreSQL manual's `navheader`/`navfooter`), and hidden elements.
struct HTMLTextExtractor {
    /// An HTML page reduced to readable text.
    struct Page {
        /// `<title>`, else the first `<h1>`, white space collapsed; nil if neither has text.
        var title: String?
        /// Paragraphs separated by blank lines; empty when the page has no text.
        var text: String
    }

    /// The page nests elements deeper than libxml2 reads (``maximumDepth``), so the
    /// tree it built lacks the rest of the page.
    struct TooDeep: Error {}

    /// How deep elements may nest.
    static let maximumDepth = Int(QUARRY_HTML_MAX_DEPTH)

    /// The readable text of the page in `bytes`, or nil when libxml2 cannot build a tree.
    ///
    /// With `isUTF8` (the bytes are known to be valid UTF-8) they are read as UTF-8
    /// whatever the page declares; otherwise the page's declaration decides and
    /// libxml2 falls back to ISO-8859-1.
    /// - Throws: ``TooDeep`` for a page nested deeper than ``maximumDepth``.
    func extract(_ bytes: UnsafeRawBufferPointer, isUTF8: Bool, url: String) throws -> Page? {
        let buffer = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        var tooDeep: Int32 = 0
        guard let document = quarry_html_parse(buffer, Int32(bytes.count), url, isUTF8 ? 1 : 0, &tooDeep) else {
            return nil
        }
        defer { quarry_html_free(document) }
        guard tooDeep == 0 else { throw TooDeep() }
        guard let root = quarry_html_root(document) else { return Page(title: nil, text: "") }
        var walker = HTMLTreeWalker()
        walker.visit(root)
        return Page(title: walker.title ?? walker.firstHeading, text: walker.builder.text)
    }
}
