internal import CLibXML2

/// Walks a libxml2 HTML tree depth-first, feeding an ``ExtractedTextBuilder`` and
/// noting the title and first `<h1>`.
struct HTMLTreeWalker {
    private(set) var builder = ExtractedTextBuilder()
    private(set) var title: String?
    private(set) var firstHeading: String?
    /// How many `article`/`main`/`section` elements enclose the current node.
    private var contentDepth = 0

    mutating func visit(_ node: xmlNodePtr) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            builder.appendInline(Self.content(of: node))
        case XML_ELEMENT_NODE:
            visitElement(node)
        default:
            break  // comments, processing instructions, DTD nodes
        }
    }

    private mutating func visitElement(_ node: xmlNodePtr) {
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
        var child = node.pointee.children
        while let current = child {
            visit(current)
            child = current.pointee.next
        }
        if isContent { contentDepth -= 1 }
        if isBlock { builder.separate(.paragraph) }
        if name == "td" || name == "th" { builder.separate(.cell) }
    }

    /// Records the first `<title>` at or under `node` (which the text walk skips with `head`).
    private mutating func findTitle(in node: xmlNodePtr) {
        guard title == nil, node.pointee.type == XML_ELEMENT_NODE else { return }
        if Self.name(of: node) == "title" {
            title = Self.collapsedText(of: node)
            return
        }
        var child = node.pointee.children
        while let current = child, title == nil {
            findTitle(in: current)
            child = current.pointee.next
        }
    }

    private func isNavigation(_ node: xmlNodePtr, name: String) -> Bool {
        if (name == "header" || name == "footer"), contentDepth == 0 { return true }
        var attribute = node.pointee.properties
        while let current = attribute {
            let key = String(cString: current.pointee.name).lowercased()
            let value = Self.attributeValue(current).lowercased()
            switch key {
            case "hidden": return true
            case "aria-hidden" where value == "true": return true
            case "role" where HTMLVocabulary.navigationRoles.contains(value): return true
            case "class", "id":
                let tokens = value.split(whereSeparator: \.isWhitespace)
                if tokens.contains(where: { HTMLVocabulary.navigationNames.contains(String($0)) }) { return true }
            default: break
            }
            attribute = current.pointee.next
        }
        return false
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    private static func content(of node: xmlNodePtr) -> String {
        node.pointee.content.map { String(cString: $0) } ?? ""
    }

    private static func attributeValue(_ attribute: xmlAttrPtr) -> String {
        var value = ""
        var child = attribute.pointee.children
        while let current = child {
            value += content(of: current)
            child = current.pointee.next
        }
        return value
    }

    /// All text under `node`, verbatim, skipping scripts and styles.
    private static func rawText(of node: xmlNodePtr) -> String {
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                text += content(of: current)
            case XML_ELEMENT_NODE where name(of: current) == "br":
                text += "\n"
            case XML_ELEMENT_NODE where !HTMLVocabulary.dropped.contains(name(of: current)):
                text += rawText(of: current)
            default:
                break
            }
            child = current.pointee.next
        }
        return text
    }

    /// All text under `node` with white space collapsed, or nil if there is none.
    private static func collapsedText(of node: xmlNodePtr) -> String? {
        let words = rawText(of: node).split(whereSeparator: \.isWhitespace)
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
