internal import CLibXML2

/// Reduces an HTML page to its readable text with libxml2's HTML parser: content,
/// headings and code stay; scripts, styles, comments and navigation go.
///
/// Headings, paragraphs, list items and table rows become paragraphs of their own,
/// table cells are joined by " | ", `<pre>` keeps its white space, and inline white
/// space collapses. Navigation is any `nav`, page-level `header`/`footer` (outside
/// `article`, `main` and `section`), elements with a navigation role or class (such
/// as the PostgreSQL manual's `navheader`/`navfooter`), and hidden elements.
public struct HTMLTextExtractor: Sendable {
    /// Creates an extractor; it has no settings.
    public init() {}

    /// The readable text of the page in `bytes` and its title (`<title>`, else the first
    /// `<h1>`), or nil when libxml2 cannot build a tree at all.
    ///
    /// - Parameters:
    ///   - bytes: the raw file.
    ///   - isUTF8: the bytes are known to be valid UTF-8; they are then read as UTF-8
    ///     whatever the page declares. Otherwise the page's own declaration decides
    ///     (libxml2 falls back to ISO-8859-1).
    ///   - url: the page's address or path, for libxml2's base URL.
    public func extract(_ bytes: UnsafeRawBufferPointer, isUTF8: Bool, url: String) -> HTMLPage? {
        _ = Self.parserInitialized
        var options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
        if isUTF8 { options |= HTML_PARSE_IGNORE_ENC.rawValue }
        let buffer = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        guard let document = htmlReadMemory(buffer, Int32(bytes.count), url, isUTF8 ? "UTF-8" : nil, Int32(options))
        else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return HTMLPage(title: nil, text: "") }
        var walker = HTMLTreeWalker()
        walker.visit(root)
        return HTMLPage(title: walker.title ?? walker.firstHeading, text: walker.builder.text)
    }

    /// libxml2 must be initialised once before threads parse concurrently.
    private static let parserInitialized: Void = xmlInitParser()
}
