/// Which HTML elements and attributes mean what for text extraction.
enum HTMLVocabulary {
    /// Elements whose content is never readable text (`head` goes too; its `<title>`
    /// is read on the way).
    static let dropped: Set<String> = [
        "head", "script", "style", "noscript", "template", "nav", "iframe", "object", "embed",
        "svg", "canvas", "math", "button", "select", "option", "datalist", "audio", "video",
    ]

    /// Elements that start and end a paragraph of their own.
    static let paragraphBlocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
        "main", "menu", "ol", "p", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    ]

    /// Elements inside which `header` and `footer` belong to the content, not the page chrome.
    static let contentSections: Set<String> = ["article", "main", "section"]

    /// ARIA roles of page chrome.
    static let navigationRoles: Set<String> = ["navigation", "banner", "contentinfo", "search"]

    /// Class or id tokens of navigation blocks (DocBook's `navheader`/`navfooter` in the
    /// PostgreSQL manual, common site-template names elsewhere).
    static let navigationNames: Set<String> = [
        "navheader", "navfooter", "navbar", "navigation", "breadcrumb", "breadcrumbs",
        "skip-link", "skiplink", "site-header", "site-footer",
    ]
}
