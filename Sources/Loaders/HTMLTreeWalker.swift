import CHTMLTree

/// Walks a parsed HTML tree depth-first, feeding an ``ExtractedTextBuilder`` and
/// noting the title and first `<h1>`.
struct HTMLTreeWalker {
    /// A node of the parsed document (libxml2's, behind CHTMLTree's opaque handle).
    typealias Node = OpaquePointer

    private(set) var builder = ExtractedTextBuilder()
    private(set) var title: String?
    private(set) var firstHeading: String?
    /// How many `article`/`main`/`section` elements enclose the current node.
    private var contentDepth = 0

    mutating func visit(_ node: Node) {
        switch quarry_html_node_kind(node) {
        case QUARRY_HTML_TEXT:
            builder.appendInline(Self.content(of: node))
        case QUARRY_HTML_ELEMENT:
            visitElement(node)
        default:
            break  // comments, processing instructions, DTD nodes
        }
    }

    private mutating func visitElement(_ node: Node) {
        let name = Self.name(of: node)
        if name == "head" || name == "title" {
            findTitle(in: node)
        }
        if HTMLVocabulary.dropped.contains(name) || isNavigation(node, name: name) { return }
        if name == "h1", firstHeading == nil {
            firstHeading = Self.collapsedText(of: node)
        }
        switch name {
        case "pre", "listing", "xmp", "plaintext":
            builder.appendPreformatted(Self.rawText(of: node))
            return
        case "br":
            builder.separate(.line)
            return
        case "td", "th":
            builder.separate(.cell)
        default:
            break
        }
        let isBlock = HTMLVocabulary.paragraphBlocks.contains(name)
        let isContent = HTMLVocabulary.contentSections.contains(name)
        if isBlock { builder.separate(.paragraph) }
        if isContent { contentDepth += 1 }
        var child = quarry_html_first_child(node)
        while let current = child {
            visit(current)
            child = quarry_html_next(current)
        }
        if isContent { contentDepth -= 1 }
        if isBlock { builder.separate(.paragraph) }
        if name == "td" || name == "th" { builder.separate(.cell) }
    }

    /// Records the first `<title>` at or under `node` (which the text walk skips with `head`).
    private mutating func findTitle(in node: Node) {
        guard title == nil, quarry_html_node_kind(node) == QUARRY_HTML_ELEMENT else { return }
        if Self.name(of: node) == "title" {
            title = Self.collapsedText(of: node)
            return
        }
        var child = quarry_html_first_child(node)
        while let current = child, title == nil {
            findTitle(in: current)
            child = quarry_html_next(current)
        }
    }

    private func isNavigation(_ node: Node, name: String) -> Bool {
        if name == "header" || name == "footer", contentDepth == 0 { return true }
        var attribute = quarry_html_first_attribute(node)
        while let current = attribute {
            let key = Self.name(of: current)
            let value = Self.rawText(of: current).lowercased()
            switch key {
            case "hidden": return true
            case "aria-hidden" where value == "true": return true
            case "role" where HTMLVocabulary.navigationRoles.contains(value): return true
            case "class", "id":
                let tokens = value.split(whereSeparator: \.isWhitespace)
                if tokens.contains(where: { HTMLVocabulary.navigationNames.contains(String($0)) }) { return true }
            default: break
            }
            attribute = quarry_html_next(current)
        }
        return false
    }

    private static func name(of node: Node) -> String {
        quarry_html_name(node).map { String(cString: $0).lowercased() } ?? ""
    }

    private static func content(of node: Node) -> String {
        quarry_html_content(node).map { String(cString: $0) } ?? ""
    }

    /// All text under `node` (an element or an attribute), verbatim, skipping the
    /// content of dropped elements such as scripts.
    private static func rawText(of node: Node) -> String {
        var text = ""
        var child = quarry_html_first_child(node)
        while let current = child {
            switch quarry_html_node_kind(current) {
            case QUARRY_HTML_TEXT:
                text += content(of: current)
            case QUARRY_HTML_ELEMENT where name(of: current) == "br":
                text += "\n"
            case QUARRY_HTML_ELEMENT where !HTMLVocabulary.dropped.contains(name(of: current)):
                text += rawText(of: current)
            default:
                break
            }
            child = quarry_html_next(current)
        }
        return text
    }

    /// All text under `node` with white space collapsed, or nil if there is none.
    private static func collapsedText(of node: Node) -> String? {
        let words = rawText(of: node).split(whereSeparator: \.isWhitespace)
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
