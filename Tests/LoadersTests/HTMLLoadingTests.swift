import Foundation
import Loaders
import Testing

/// HTML through libxml2: the real PostgreSQL manual page and synthetic edge cases.
struct HTMLLoadingTests {
    private func load(_ html: String, name: String = "page.html") throws -> LoadedDocument {
        let url = try Fixtures.write(html, to: name, in: try Fixtures.temporaryFolder())
        return try #require(try DocumentLoader().load(url).documents.first)
    }

    private func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n")
    }

    @Test func postgresManualPageKeepsContentAndDropsNavigation() throws {
        let source = try DocumentLoader().load(Fixtures.url("sql-droptable.html"))
        #expect(source.format == .html)
        let document = try #require(source.documents.first)
        #expect(document.title == "DROP TABLE")
        let text = document.text
        let blocks = paragraphs(text)
        // Navigation header and footer are gone.
        for word in ["Prev", "Next", "Home", "Up", "SQL Commands", "DROP SUBSCRIPTION", "DROP TABLESPACE"] {
            #expect(!blocks.contains(word), "navigation block \(word) survived")
        }
        #expect(!text.contains("Prev"))
        #expect(!text.contains("Home"))
        // Headings are paragraphs of their own, in order, and the body text is there.
        for heading in ["DROP TABLE", "Synopsis", "Description", "Parameters", "Examples", "Compatibility", "See Also"] {
            #expect(blocks.contains(heading), "heading \(heading) missing")
        }
        #expect(blocks.first == "DROP TABLE")
        #expect(text.contains("DROP TABLE — remove a table"))
        #expect(text.contains("DROP TABLE removes tables from the database. Only the table owner, the schema owner, "
            + "and superuser can drop a table."))
        // The synopsis <pre> keeps its spacing and sits in its own paragraph.
        #expect(blocks.contains("DROP TABLE [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]"))
        #expect(blocks.contains("DROP TABLE films, distributors;"))
        // No markup, entities or runs of blank lines leak through.
        #expect(!text.contains("<") && !text.contains("&amp;") && !text.contains("\n\n\n"))
        #expect(text == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func scriptsStylesCommentsAndNavigationAreDropped() throws {
        let html = """
        <!DOCTYPE html><html><head><title> The  Page </title><style>p { color: red }</style>
        <script>var secret = "script text";</script></head>
        <body><header><a href="/">Site logo</a></header>
        <nav><ul><li>Menu item</li></ul></nav>
        <div role="navigation">Breadcrumbs</div><div class="navbar top">Top bar</div>
        <main><article><header><h1>Article   heading</h1></header>
        <p>First <b>bold</b>
           paragraph,  with   spaces.</p><!-- a comment -->
        <noscript>Enable JavaScript</noscript><template><p>Template text</p></template>
        <p hidden>Hidden text</p><p aria-hidden="true">Also hidden</p>
        <ul><li>One</li><li>Two<br>lines</li></ul>
        <table><tr><th>Name</th><th>Value</th></tr><tr><td>k1</td><td>1.5</td></tr></table>
        <pre>  indented
            code</pre>
        </article></main>
        <footer>Copyright footer</footer></body></html>
        """
        let document = try load(html)
        #expect(document.title == "The Page")
        #expect(paragraphs(document.text) == [
            "Article heading",
            "First bold paragraph, with spaces.",
            "One",
            "Two\nlines",
            "Name | Value",
            "k1 | 1.5",
            "  indented\n    code",
        ])
    }

    @Test func titleFallsBackToFirstHeading() throws {
        let document = try load("<html><body><h2>Sub</h2><h1>Main title</h1><p>Body.</p></body></html>")
        #expect(document.title == "Main title")
        #expect(paragraphs(document.text) == ["Sub", "Main title", "Body."])
    }

    @Test func utf8WithoutDeclarationAndEntitiesComeOutAsNFC() throws {
        let document = try load("<p>Cafe\u{301} &amp; cr&egrave;me &#x65E5;&#26412;</p>", name: "x.htm")
        #expect(document.text == "Caf\u{E9} & crème 日本")
    }

    @Test func declaredLatin1IsDecoded() throws {
        let head = Array("<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf".utf8)
        let url = try Fixtures.write(head + [0xE9] + Array("</p></body></html>".utf8), to: "latin.html",
                                     in: try Fixtures.temporaryFolder())
        #expect(try DocumentLoader().load(url).documents.first?.text == "café")
    }

    @Test func pageWithoutTextIsAnError() throws {
        let url = try Fixtures.write("<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>",
                                     to: "empty.html", in: try Fixtures.temporaryFolder())
        #expect(throws: LoaderError.self) { try DocumentLoader().load(url) }
    }
}
