import Foundation
import Testing

/// README.md and docs/ name commands, flags and defaults; these tests hold them to the
/// built binary's `--help`, so the documentation cannot drift from the tool again.
@Suite("Documentation drift")
struct DocumentationDriftTests {
    let quarry: QuarryBinary
    let checker: DocumentationChecker
    let directory = FileManager.default.temporaryDirectory

    init() throws {
        quarry = try QuarryBinary()
        checker = DocumentationChecker(catalog: try HelpCatalog(quarry: quarry, in: directory))
    }

    /// The package root: this file is `Tests/CLITests/DocumentationDriftTests.swift`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// README.md and every Markdown file under docs/.
    static func pages() throws -> [URL] {
        let docs = root.appendingPathComponent("docs")
        let found = FileManager.default.enumerator(at: docs, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" } ?? []
        return [root.appendingPathComponent("README.md")] + found.sorted { $0.path < $1.path }
    }

    /// Guards: every `quarry` command, `--flag` and stated default in README.md and docs/
    /// exists with that spelling and default in the binary's `--help`.
    @Test func everyDocumentedCommandFlagAndDefaultExists() throws {
        let pages = try Self.pages()
        #expect(pages.count > 1, "docs/ holds no Markdown pages")
        for page in pages {
            let text = try String(contentsOf: page, encoding: .utf8)
            let name = String(page.path.dropFirst(Self.root.path.count + 1))
            for problem in checker.problems(in: text, file: name) {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    /// Guards the check itself: the real help is read (options and defaults of `ask`), and
    /// a page naming a missing command, a missing flag or a wrong default is caught.
    @Test func aMissingFlagCommandOrWrongDefaultIsCaught() throws {
        #expect(checker.catalog.commands[["ask"]]?["--budget"] == "1024")
        #expect(checker.catalog.commands[["eval", "qa"]]?["--selector"] != nil)
        let page = """
            | command | options (default) |
            | --- | --- |
            | `ask [QUESTION]` | `--budget` (999), `--top-k` (10), `--no-such-flag` |

            Run `quarry frobnicate` or `quarry index docs --chunkr sentence`.

            ```
            quarry eval qa DIR --limit 5 --selectr mcts   # one typo
            curl -s --fail localhost:8080/healthz
            ```

            | setting | flag | default |
            | --- | --- | --- |
            | port | `--port` | 8081 |
            """
        let problems = checker.problems(in: page, file: "page.md")
        let expected = [
            "page.md:3: `quarry ask` takes no --no-such-flag",
            "page.md:3: --budget: the documentation says 999, --help says [\"1024\"]",
            "page.md:5: `quarry frobnicate` is no command",
            "page.md:5: `quarry index` takes no --chunkr",
            "page.md:8: `quarry eval qa` takes no --selectr",
            "page.md:14: --port: the documentation says 8081, --help says [\"8080\"]",
        ]
        #expect(problems.sorted() == expected.sorted())
    }
}
